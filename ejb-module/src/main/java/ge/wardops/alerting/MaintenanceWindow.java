package ge.wardops.alerting;

import ge.wardops.shared.TrackedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Locale;

/** A stored maintenance window; {@link MaintenanceWindowView} says what its fields mean. */
@Entity
@Table(name = "maintenance_windows")
public class MaintenanceWindow extends TrackedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 120)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "scope_type", nullable = false, length = 20)
    private ScopeType scopeType;

    @Column(name = "scope_value", length = 120)
    private String scopeValue;

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

    @Column(name = "created_by", length = 100, updatable = false)
    private String createdBy;

    protected MaintenanceWindow() {
    }

    /** A new window from a validated draft. */
    MaintenanceWindow(MaintenanceWindowDraft draft, String createdBy) {
        this.createdBy = createdBy;
        apply(draft);
    }

    void change(MaintenanceWindowDraft draft) {
        apply(draft);
        touch();
    }

    private void apply(MaintenanceWindowDraft d) {
        this.name = d.name().strip();
        this.scopeType = d.scopeType();
        this.scopeValue = d.scopeType() == ScopeType.ALL || d.scopeValue() == null ? null : d.scopeValue().trim();
        this.startsAt = d.startsAt();
        this.endsAt = d.endsAt();
        this.recurrence = d.recurrence() == null || d.recurrence().isBlank() ? null : d.recurrence().trim().toUpperCase(Locale.ROOT);
        this.repeatUntil = d.repeatUntil();
        this.description = d.description();
    }

    MaintenanceWindowView view() {
        return new MaintenanceWindowView(id, name, scopeType, scopeValue, startsAt, endsAt, recurrence, repeatUntil, description,
                createdBy, getVersion());
    }

    public Long getId() { return id; }
}
