package ge.wardops.audit.syslog;

import java.util.Locale;
import java.util.Map;

/**
 * Where and how audit rows go to syslog: host (empty = forwarding off), port, protocol (udp, tcp),
 * facility (name or number), the bounded queue's size and the sender's name in each message.
 */
public record SyslogSettings(String host, int port, Protocol protocol, int facility, int queueSize, String hostname,
                             int connectTimeoutMillis) {

    public enum Protocol { UDP, TCP }

    private static final Map<String, Integer> FACILITIES = Map.ofEntries(
            Map.entry("kern", 0), Map.entry("user", 1), Map.entry("daemon", 3), Map.entry("auth", 4),
            Map.entry("syslog", 5), Map.entry("authpriv", 10), Map.entry("audit", 13),
            Map.entry("local0", 16), Map.entry("local1", 17), Map.entry("local2", 18), Map.entry("local3", 19),
            Map.entry("local4", 20), Map.entry("local5", 21), Map.entry("local6", 22), Map.entry("local7", 23));

    public SyslogSettings {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("wardops.audit.syslog.port must be 1..65535, not " + port);
        }
        if (facility < 0 || facility > 23) {
            throw new IllegalArgumentException("the syslog facility must be 0..23, not " + facility);
        }
        if (queueSize < 1) {
            throw new IllegalArgumentException("wardops.audit.syslog.queue-size must be at least 1");
        }
    }

    public boolean enabled() {
        return host != null && !host.isBlank();
    }

    public static Protocol protocol(String name) {
        try {
            return Protocol.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wardops.audit.syslog.protocol must be udp or tcp, not '" + name + "'");
        }
    }

    /** A facility by name (auth, authpriv, audit, local0..local7, ...) or number 0..23. */
    public static int facility(String nameOrNumber) {
        String s = nameOrNumber.strip().toLowerCase(Locale.ROOT);
        Integer named = FACILITIES.get(s);
        if (named != null) {
            return named;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("wardops.audit.syslog.facility must be one of " + FACILITIES.keySet()
                    + " or a number 0..23, not '" + nameOrNumber + "'");
        }
    }
}
