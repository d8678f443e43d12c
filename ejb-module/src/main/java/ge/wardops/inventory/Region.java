package ge.wardops.inventory;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import ge.wardops.shared.TrackedEntity;


@Entity
@Table(name = "regions")
public class Region extends TrackedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false, length = 20)
    private String code;

    protected Region() {
    }

    public Region(String name, String code) {
        this.name = name;
        this.code = code;
    }

    void rename(String name, String code) {
        this.name = name;
        this.code = code;
        touch();
    }

    public Long getId() { return id; }
    public String getName() { return name; }
    public String getCode() { return code; }
}
