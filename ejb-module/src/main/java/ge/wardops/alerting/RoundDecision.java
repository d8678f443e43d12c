package ge.wardops.alerting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one evaluation decided, before anything is written: alerts to open, to resolve, and to
 * mark or unmark flapping. The store writes all of it in a fixed number of statements.
 */
public final class RoundDecision {

    /**
     * An alert to open; its id (and its parent's alert) are assigned once ids are allocated.
     * {@code coveredBy} is the subject whose alert covers it (its parent device's {@code device:<id>},
     * or its branch's {@code branch:<id>} when the whole branch is down), null when it is its own page.
     */
    public record NewAlert(AlertKey key, String ruleName, Severity severity, String subjectName, Long deviceId, Long branchId,
                           String branchName, Long regionId, String regionName, String message, Instant triggeredAt,
                           String coveredBy, boolean inMaintenance, boolean flapping) {

        public boolean suppressed() {
            return coveredBy != null;
        }

        NewAlert coveredBy(String subject) {
            return new NewAlert(key, ruleName, severity, subjectName, deviceId, branchId, branchName, regionId, regionName, message,
                    triggeredAt, subject, inMaintenance, flapping);
        }

        public AlertSnapshot snapshot(long id, Long parentAlertId) {
            return new AlertSnapshot(id, key.ruleId(), ruleName, key.subjectKey(), subjectName, deviceId, branchId, branchName,
                    regionId, regionName, severity, AlertState.FIRING, message, triggeredAt, null, null, null,
                    suppressed(), parentAlertId, inMaintenance, flapping);
        }
    }

    final Instant at;
    final List<NewAlert> opened = new ArrayList<>();
    final List<AlertSnapshot> resolved = new ArrayList<>();
    final List<AlertSnapshot> flapStarted = new ArrayList<>();
    final List<AlertSnapshot> flapEnded = new ArrayList<>();

    RoundDecision(Instant at) {
        this.at = at;
    }

    public Instant at() {
        return at;
    }

    public List<NewAlert> opened() {
        return opened;
    }

    public List<AlertSnapshot> resolved() {
        return resolved;
    }

    public List<AlertSnapshot> flapStarted() {
        return flapStarted;
    }

    public List<AlertSnapshot> flapEnded() {
        return flapEnded;
    }

    public boolean isEmpty() {
        return opened.isEmpty() && resolved.isEmpty() && flapStarted.isEmpty() && flapEnded.isEmpty();
    }
}
