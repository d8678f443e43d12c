package ge.wardops.events;

import ge.wardops.alerting.Severity;

import java.time.Instant;

/**
 * Which events a list shows; every part is optional. Newest first; {@code beforeId} pages back
 * (the last id of the previous page).
 *
 * @param minSeverity this severity and worse
 * @param text        a case-insensitive part of the message
 * @param unknownOnly only events from sources the inventory does not know
 */
public record EventFilter(EventKind kind, Severity minSeverity, Long deviceId, String source, String name, String text,
                          Instant from, Instant to, boolean unknownOnly, Long beforeId, int limit) {

    public static final int MAX_LIMIT = 1000;

    public EventFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    public static EventFilter newest(int limit) {
        return new EventFilter(null, null, null, null, null, null, null, null, false, null, limit);
    }
}
