package ge.wardops.alerting;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;

/** A stored maintenance window; {@link MaintenanceWindowView} says what its fields mean. */
@Entity
@Table(name = "maintenance_windows")
public class MaintenanceWindow extends ScopedRecord {

    @Column(name = "starts_at", nullable = false)
    private Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    private Instant endsAt;

    @Column(length = 200)
    private String recurrence;

    @Column(name = "repeat_until")
    private Instant repeatUntil;

    @Column(length = 500)
    private String description;

    protected MaintenanceWindow() {
    }

    /** A new window from a validated draft. */
    MaintenanceWindow(MaintenanceWindowDraft draft, String createdBy) {
        super(createdBy);
        apply(draft);
    }

    void change(MaintenanceWindowDraft draft) {
        apply(draft);
        touch();
    }

    private void apply(MaintenanceWindowDraft d) {
        nameAndScope(d.name(), d.scopeType(), d.scopeValue());
        this.startsAt = d.startsAt();
        this.endsAt = d.endsAt();
        this.recurrence = d.recurrence() == null || d.recurrence().isBlank() ? null : d.recurrence().trim().toUpperCase(Locale.ROOT);
        this.repeatUntil = d.repeatUntil();
        this.description = d.description();
    }

    MaintenanceWindowView view() {
        return new MaintenanceWindowView(getId(), getName(), getScopeType(), getScopeValue(), startsAt, endsAt, recurrence,
                repeatUntil, description, getCreatedBy(), getVersion());
    }

}
