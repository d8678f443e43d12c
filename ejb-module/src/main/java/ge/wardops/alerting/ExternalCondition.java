package ge.wardops.alerting;

import java.time.Instant;

/**
 * A condition another capability decided about a device, raised through the engine as an alert
 * with no rule (the events capability's rules: a linkDown trap on interface 3). The subject key
 * de-duplicates: while an alert for it is open, the same condition again changes nothing; the
 * clearing condition (a linkUp for the same interface) resolves it.
 *
 * @param subjectKey  what the alert is about, e.g. {@code trap:device:42:ifIndex:3}; unique per condition
 * @param subjectName how people name the subject, e.g. {@code router-7 interface 3 (Gi0/3)}
 */
public record ExternalCondition(String subjectKey, long deviceId, String subjectName, Severity severity, String message,
                                Instant at) {
}
