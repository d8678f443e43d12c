package ge.wardops.events;

import ge.wardops.alerting.Severity;

import java.time.Instant;

/**
 * Which events a list shows; every part is optional. Newest first (by {@code receivedAt}, then id);
 * {@code beforeId} pages back (the last id of the previous page), with {@code beforeAt} (that row's
 * {@code receivedAt}) when the caller has it: the page then starts after the pair
 * ({@code receivedAt}, id) in the list's own order. Without {@code beforeAt} the row's time is looked up.
 *
 * @param minSeverity this severity and worse
 * @param text        a case-insensitive part of the message
 * @param unknownOnly only events from sources the inventory does not know
 */
public record EventFilter(EventKind kind, Severity minSeverity, Long deviceId, String source, String name, String text,
                          Instant from, Instant to, boolean unknownOnly, Long beforeId, Instant beforeAt, int limit) {

    public static final int MAX_LIMIT = 1000;

    public EventFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    /** Paging by id alone (its time looked up). */
    public EventFilter(EventKind kind, Severity minSeverity, Long deviceId, String source, String name, String text,
                       Instant from, Instant to, boolean unknownOnly, Long beforeId, int limit) {
        this(kind, minSeverity, deviceId, source, name, text, from, to, unknownOnly, beforeId, null, limit);
    }

    public static EventFilter newest(int limit) {
        return new EventFilter(null, null, null, null, null, null, null, null, false, null, null, limit);
    }

    /** The same filter, the page after {@code last} (in the list's order), {@code limit} rows. */
    public EventFilter after(StoredEvent last, int limit) {
        return new EventFilter(kind, minSeverity, deviceId, source, name, text, from, to, unknownOnly, last.id(), last.receivedAt(), limit);
    }
}
