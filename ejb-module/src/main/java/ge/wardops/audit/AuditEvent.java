package ge.wardops.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;

/**
 * One audited action, as read by queries. Immutable: the table refuses UPDATE and DELETE, and so
 * does this class. Rows are appended by {@link AuditRowWriter}, never through this entity.
 */
@Entity
@Immutable
@Table(name = "audit_events")
public class AuditEvent {

    @Id
    private Long id;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, updatable = false)
    private String actor;

    @Column(name = "client_address", updatable = false)
    private String clientAddress;

    @Column(nullable = false, updatable = false)
    private String action;

    @Column(name = "object_type", nullable = false, updatable = false)
    private String objectType;

    @Column(name = "object_id", updatable = false)
    private String objectId;

    @Column(name = "region_id", updatable = false)
    private Long regionId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "before_state", updatable = false, columnDefinition = "jsonb")
    private String beforeState;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "after_state", updatable = false, columnDefinition = "jsonb")
    private String afterState;

    @Column(updatable = false)
    private String details;

    @Column(name = "prev_hash", insertable = false, updatable = false)
    private String prevHash;

    @Column(insertable = false, updatable = false)
    private String hash;

    @Column(name = "key_id", insertable = false, updatable = false)
    private String keyId;

    protected AuditEvent() {
    }

    public Long getId() { return id; }
    public Instant getOccurredAt() { return occurredAt; }
    public String getActor() { return actor; }
    public String getClientAddress() { return clientAddress; }
    public String getAction() { return action; }
    public String getObjectType() { return objectType; }
    public String getObjectId() { return objectId; }
    public Long getRegionId() { return regionId; }
    public String getBeforeState() { return beforeState; }
    public String getAfterState() { return afterState; }
    public String getDetails() { return details; }
    public String getPrevHash() { return prevHash; }
    public String getHash() { return hash; }
    public String getKeyId() { return keyId; }
}
