package ge.wardops.alerting;

import java.time.Instant;

/**
 * An alert as notification channels, feeds and the API see it: immutable, with the names a
 * message needs already resolved (no lazy loading outside the engine's transaction).
 *
 * @param subjectKey    what the alert is about, e.g. {@code device:42} or {@code branch:7}
 * @param deviceId      the device, or {@code null} for a group (branch/region) alert
 * @param suppressed    a parent's alert covers it (parent dependency); no notification
 * @param parentAlertId the covering parent's alert when suppressed
 * @param inMaintenance its subject was in a maintenance window when it fired; no notification
 * @param repeatCount   how often its condition was raised while it was open (1: once); events count up
 * @param lastSeenAt    when its condition was last raised again, or {@code null} if never repeated
 */
public record AlertSnapshot(long id, Long ruleId, String ruleName, String subjectKey, String subjectName,
                            Long deviceId, Long branchId, String branchName, Long regionId, String regionName,
                            Severity severity, AlertState state, String message, Instant triggeredAt,
                            Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
                            boolean suppressed, Long parentAlertId, boolean inMaintenance, boolean flapping,
                            int repeatCount, Instant lastSeenAt) implements java.io.Serializable {

    /** A new alert (raised once so far). */
    public AlertSnapshot(long id, Long ruleId, String ruleName, String subjectKey, String subjectName,
                         Long deviceId, Long branchId, String branchName, Long regionId, String regionName,
                         Severity severity, AlertState state, String message, Instant triggeredAt,
                         Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt,
                         boolean suppressed, Long parentAlertId, boolean inMaintenance, boolean flapping) {
        this(id, ruleId, ruleName, subjectKey, subjectName, deviceId, branchId, branchName, regionId, regionName, severity, state,
                message, triggeredAt, acknowledgedAt, acknowledgedBy, resolvedAt, suppressed, parentAlertId, inMaintenance, flapping, 1, null);
    }

    /** This alert, its condition raised once more at {@code at}. */
    public AlertSnapshot repeated(Instant at) {
        return new AlertSnapshot(id, ruleId, ruleName, subjectKey, subjectName, deviceId, branchId, branchName, regionId,
                regionName, severity, state, message, triggeredAt, acknowledgedAt, acknowledgedBy, resolvedAt, suppressed,
                parentAlertId, inMaintenance, flapping, repeatCount + 1, lastSeenAt == null || at.isAfter(lastSeenAt) ? at : lastSeenAt);
    }

    public boolean open() {
        return resolvedAt == null;
    }

    /**
     * This alert as {@code scope} may see it: the covering parent's alert id only if that alert
     * ({@code regionOfAlert} gives its region) is in the scope too; otherwise still
     * {@code suppressed}, with no id of another region's alert (review of #12).
     */
    public AlertSnapshot scopedTo(ge.wardops.security.RegionScope scope, java.util.function.LongFunction<Long> regionOfAlert) {
        if (parentAlertId == null || scope.unrestricted() || scope.allows(regionOfAlert.apply(parentAlertId))) {
            return this;
        }
        return new AlertSnapshot(id, ruleId, ruleName, subjectKey, subjectName, deviceId, branchId, branchName, regionId,
                regionName, severity, state, message, triggeredAt, acknowledgedAt, acknowledgedBy, resolvedAt, suppressed,
                null, inMaintenance, flapping, repeatCount, lastSeenAt);
    }

    /** Whether channels should tell anyone about it. */
    public boolean notifiable() {
        return !suppressed && !inMaintenance;
    }
}
