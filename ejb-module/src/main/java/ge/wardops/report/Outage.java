package ge.wardops.report;

import java.time.Duration;
import java.time.Instant;

/**
 * One outage of a device as the recorded state changes tell it: from a change to DOWN (or the
 * period's start when the device was already down) to the change out of DOWN, or {@code null}
 * while it lasted past the period's end. Durations count only the part inside the period.
 *
 * @param startedBefore the device was already down when the period began
 */
public record Outage(long deviceId, Instant start, Instant end, boolean startedBefore) {

    /** The time of the outage inside [from, to). */
    public Duration within(Instant from, Instant to) {
        Instant s = start.isBefore(from) ? from : start;
        Instant e = end == null || end.isAfter(to) ? to : end;
        return e.isAfter(s) ? Duration.between(s, e) : Duration.ZERO;
    }

    public boolean ended() {
        return end != null;
    }
}
