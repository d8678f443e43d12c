package ge.wardops.notify;

import ge.wardops.alerting.Severity;

import java.time.Instant;

/** A route as callers see it; also its audit record. */
public record RouteView(long id, String name, Long ruleId, Severity minSeverity, Long regionId, long channelId,
                        Integer escalateAfterMinutes, Long escalationChannelId, boolean enabled,
                        Instant createdAt, Instant updatedAt, long version) {

    static RouteView of(NotificationRoute r) {
        return new RouteView(r.getId(), r.getName(), r.getRuleId(), r.getMinSeverity(), r.getRegionId(), r.getChannelId(),
                r.getEscalateAfterMinutes(), r.getEscalationChannelId(), r.isEnabled(), r.getCreatedAt(), r.getUpdatedAt(),
                r.getVersion());
    }
}
