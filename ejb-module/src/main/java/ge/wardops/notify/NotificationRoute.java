package ge.wardops.notify;

import ge.wardops.alerting.Severity;
import ge.wardops.shared.NumberedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/**
 * Which alerts go to which channel. Rules and regions are referred to by id (the schema's foreign
 * keys keep them real): this package reads the alert engine's tables, it does not map them.
 */
@Entity
@Table(name = "notification_routes")
public class NotificationRoute extends NumberedEntity {

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "rule_id")
    private Long ruleId;

    @Enumerated(EnumType.STRING)
    @Column(name = "min_severity", nullable = false, length = 10)
    private Severity minSeverity;

    @Column(name = "region_id")
    private Long regionId;

    @Column(name = "channel_id", nullable = false)
    private long channelId;

    @Column(name = "escalate_after_minutes")
    private Integer escalateAfterMinutes;

    @Column(name = "escalation_channel_id")
    private Long escalationChannelId;

    @Column(nullable = false)
    private boolean enabled = true;

    protected NotificationRoute() {
    }

    NotificationRoute(String name) {
        this.name = name;
    }

    void change(RouteDraft d) {
        this.name = d.name();
        this.ruleId = d.ruleId();
        this.minSeverity = Severity.valueOf(d.minSeverity());
        this.regionId = d.regionId();
        this.channelId = d.channelId();
        this.escalateAfterMinutes = d.escalateAfterMinutes();
        this.escalationChannelId = d.escalationChannelId();
        this.enabled = d.enabled() == null || d.enabled();
        touch();
    }

    Route route() {
        return new Route(getId(), name, ruleId, minSeverity, regionId, channelId, escalateAfterMinutes, escalationChannelId, enabled);
    }

    public String getName() { return name; }
    public Long getRuleId() { return ruleId; }
    public Severity getMinSeverity() { return minSeverity; }
    public Long getRegionId() { return regionId; }
    public long getChannelId() { return channelId; }
    public Integer getEscalateAfterMinutes() { return escalateAfterMinutes; }
    public Long getEscalationChannelId() { return escalationChannelId; }
    public boolean isEnabled() { return enabled; }
}
