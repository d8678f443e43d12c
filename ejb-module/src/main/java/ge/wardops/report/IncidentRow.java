package ge.wardops.report;

import java.time.Duration;
import java.time.Instant;

/**
 * One line of the incidents section: an outage (DOWN to UP) or an alert of the period.
 *
 * @param end          null while it lasted past the period's end
 * @param ackAfter     time to acknowledge (an alert's MTTA sample); null when never acknowledged
 * @param suppressed   an alert covered by its parent's alert
 * @param maintenance  an alert that fired in maintenance, or an outage that began in a window
 */
public record IncidentRow(Kind kind, String subject, String branch, String region, String severity, Instant start,
                          Instant end, Duration duration, String acknowledgedBy, Duration ackAfter, String resolvedBy,
                          boolean suppressed, boolean maintenance, String detail) {

    public enum Kind { OUTAGE, ALERT }
}
