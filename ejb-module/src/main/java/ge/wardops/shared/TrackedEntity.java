package ge.wardops.shared;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Version;

import java.time.Instant;

/**
 * What every editable record keeps: when it was made, when it last changed, and the version
 * that refuses a lost update (optimistic locking; callers send back the version they read).
 */
@MappedSuperclass
public abstract class TrackedEntity {

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt = Instant.now();

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt = Instant.now();

    @Version
    private long version;

    /** Marks a change; call from every mutator. */
    protected void touch() {
        this.updatedAt = Instant.now();
    }

    /**
     * Refuses a change based on an old read: {@code expected} is the version the caller read. A
     * change that does not say which version it read is refused too, since it could overwrite
     * someone else's change unseen.
     */
    public void requireVersion(Long expected) {
        requireVersionSent(expected);
        if (expected != version) {
            throw new ConflictException("version", "changed by someone else meanwhile (version " + version
                    + ", you sent " + expected + "); reload and try again");
        }
    }

    /** Refuses an update that does not name the version it read (400 naming the field). */
    public static void requireVersionSent(Long expected) {
        if (expected == null) {
            throw new InvalidInputException("version", "send the version you read (GET the record first), so that no "
                    + "change made meanwhile is lost");
        }
    }

    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public long getVersion() { return version; }
}
