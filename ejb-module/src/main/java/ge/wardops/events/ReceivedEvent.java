package ge.wardops.events;

import ge.wardops.alerting.Severity;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event as a receiver decoded it, before it is matched to the inventory and stored.
 *
 * @param name    trap name ({@code linkDown}) or OID; syslog app-name or tag; {@code storm}
 * @param fields  decoded fields (varbinds by name, syslog facility, hostname, ...), in arrival order
 * @param raw     the received form, already bounded by the receiver
 */
public record ReceivedEvent(Instant at, InetAddress source, EventKind kind, Severity severity, String name, String message,
                            Map<String, String> fields, String raw) {

    /** Longest name and message kept (the columns' sizes); longer ones are cut, never refused. */
    static final int MAX_NAME = 200;
    static final int MAX_MESSAGE = 2000;

    public ReceivedEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(severity, "severity");
        name = cut(storable(name == null || name.isBlank() ? "-" : name), MAX_NAME);
        message = cut(storable(message == null ? "" : message), MAX_MESSAGE);
        Map<String, String> copy = new java.util.LinkedHashMap<>();
        if (fields != null) {
            fields.forEach((k, v) -> copy.put(storable(k), storable(v == null ? "" : v)));
        }
        fields = java.util.Collections.unmodifiableMap(copy);
        raw = storable(raw == null ? "" : raw);
    }

    /** PostgreSQL text and jsonb refuse NUL; a sender's NUL becomes U+FFFD rather than failing the whole batch. */
    static String storable(String s) {
        return s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
