package ge.wardops.alerting;

import java.time.Instant;

/** An alert snapshot after one change: snapshots are immutable, each change makes the next one. */
final class Snapshots {

    private Snapshots() {
    }

    static AlertSnapshot resolved(AlertSnapshot a, Instant at) {
        return new AlertSnapshot(a.id(), a.ruleId(), a.ruleName(), a.subjectKey(), a.subjectName(), a.deviceId(), a.branchId(),
                a.branchName(), a.regionId(), a.regionName(), a.severity(), AlertState.RESOLVED, a.message(), a.triggeredAt(),
                a.acknowledgedAt(), a.acknowledgedBy(), at, a.suppressed(), a.parentAlertId(), a.inMaintenance(), a.flapping(),
                a.repeatCount(), a.lastSeenAt());
    }

    static AlertSnapshot flapping(AlertSnapshot a, boolean flapping) {
        return new AlertSnapshot(a.id(), a.ruleId(), a.ruleName(), a.subjectKey(), a.subjectName(), a.deviceId(), a.branchId(),
                a.branchName(), a.regionId(), a.regionName(), a.severity(), a.state(), a.message(), a.triggeredAt(),
                a.acknowledgedAt(), a.acknowledgedBy(), a.resolvedAt(), a.suppressed(), a.parentAlertId(), a.inMaintenance(), flapping,
                a.repeatCount(), a.lastSeenAt());
    }

    static AlertSnapshot suppressedUnder(AlertSnapshot a, Long parentAlertId) {
        return new AlertSnapshot(a.id(), a.ruleId(), a.ruleName(), a.subjectKey(), a.subjectName(), a.deviceId(), a.branchId(),
                a.branchName(), a.regionId(), a.regionName(), a.severity(), a.state(), a.message(), a.triggeredAt(),
                a.acknowledgedAt(), a.acknowledgedBy(), a.resolvedAt(), true, parentAlertId, a.inMaintenance(), a.flapping(),
                a.repeatCount(), a.lastSeenAt());
    }

    static AlertKey key(AlertSnapshot a) {
        return new AlertKey(a.ruleId(), a.subjectKey());
    }
}
