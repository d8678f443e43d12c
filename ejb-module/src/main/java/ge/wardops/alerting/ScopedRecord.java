package ge.wardops.alerting;

import ge.wardops.shared.NumberedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.MappedSuperclass;

/**
 * What rules and maintenance windows have alike: a name, the scope of devices they cover (a type
 * and, unless ALL, the device, branch, region, group, device type or tag it names), and who made them.
 */
@MappedSuperclass
public abstract class ScopedRecord extends NumberedEntity {

    @Column(nullable = false, length = 120)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(name = "scope_type", nullable = false, length = 20)
    private ScopeType scopeType;

    @Column(name = "scope_value", length = 120)
    private String scopeValue;

    @Column(name = "created_by", length = 100, updatable = false)
    private String createdBy;

    protected ScopedRecord() {
    }

    protected ScopedRecord(String createdBy) {
        this.createdBy = createdBy;
    }

    /** Names and scopes the record as a client sent it: trimmed, no value for ALL. */
    protected void nameAndScope(String name, ScopeType type, String value) {
        this.name = name.strip();
        this.scopeType = type;
        this.scopeValue = type == ScopeType.ALL || value == null ? null : value.trim();
    }

    /** Replaces the stored scope value (a rule stores device types upper-cased). */
    protected void scopeValue(String value) {
        this.scopeValue = value;
    }

    public String getName() { return name; }
    public ScopeType getScopeType() { return scopeType; }
    public String getScopeValue() { return scopeValue; }
    public String getCreatedBy() { return createdBy; }
}
