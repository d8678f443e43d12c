package ge.wardops.shared;

import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/** An editable record whose id the database numbers as it inserts it (a bigserial / identity column). */
@MappedSuperclass
public abstract class NumberedEntity extends TrackedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** The id, or null before the record is stored. */
    public Long getId() { return id; }
}
