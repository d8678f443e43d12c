package ge.wardops.events;

import org.eclipse.microprofile.config.Config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How events are received and kept: the one home of every {@code wardops.events.*} key (docs/configuration.md).
 * Defaults (see {@link #defaults()}) and why:
 * <ul>
 * <li>{@code trap.enabled} true, {@code trap.address} 127.0.0.1, {@code trap.port} 10162: the demo
 *     receives on loopback on an unprivileged port (162 needs root or CAP_NET_BIND_SERVICE; docs/events.md
 *     shows how a bank server takes UDP 162 without running Payara as root).</li>
 * <li>{@code trap.communities} public: v1/v2c communities accepted; a trap with another community is
 *     refused and counted. {@code trap.v3-users} (unset): USM users as
 *     {@code name:SHA|SHA256|MD5:authPassphrase:AES128|DES:privPassphrase}, comma separated.</li>
 * <li>{@code syslog.enabled} true, {@code syslog.address} 127.0.0.1, {@code syslog.port} 10514: UDP and
 *     TCP on the same port, as 514 is for both by convention.</li>
 * <li>{@code syslog.max-message-bytes} 8192: RFC 5424 asks receivers to take 2048 and allows more;
 *     8 KiB takes every device log line seen in practice, a longer one is cut (UDP) or its TCP
 *     connection closed (octet count above it), so one sender cannot make the receiver buffer megabytes.</li>
 * <li>{@code syslog.max-connections} 64: TCP senders at once (each a thread); a 65th is closed at once.</li>
 * <li>{@code syslog.max-connections-per-source} 8: TCP connections one address may hold at once; a device
 *     needs one (rsyslog keeps one open), a few for a relay; a flood of connections from one source is
 *     closed at once and counted, so it cannot take the other senders' 64.</li>
 * <li>{@code queue-capacity} 20000: events received but not yet stored. About 20 MB at ~1 KB an event:
 *     four seconds of a 5,000/s storm while the database is slow, far below the heap; beyond it events are
 *     dropped and counted, never buffered without bound.</li>
 * <li>{@code store-workers} 2: threads storing batches in parallel, each on its own pool connection; a
 *     source's events always go to the same worker, in the order received (a linkDown before its linkUp).
 *     One worker was the limit at 5,000 traps + 5,000 syslog/s (it waited on PostgreSQL 95 % of the time,
 *     docs/performance.md); two let the database use both cores.</li>
 * <li>{@code batch-size} 500: rows per INSERT batch: one round trip stores 500 events (measured:
 *     deployment/bench/traps), small enough that one batch holds one pool connection only briefly.</li>
 * <li>{@code source-per-second} 200 and {@code source-burst} 1000: what one source may send before it is
 *     rate-limited; a busy core router's log burst after a reload fits, a storm is cut to 200/s and the
 *     rest counted, with one STORM event per source and minute.</li>
 * <li>{@code retention-days} 30 and {@code partitions-ahead-days} 3: events are kept a month (drop of a
 *     whole day's partition); tomorrow's partitions exist days before they are needed.</li>
 * <li>{@code syslog-alert-pattern} (unset) and {@code syslog-alert-severity} MAJOR: a syslog message from a
 *     known device whose message matches this regular expression (Java syntax, searched anywhere,
 *     alternatives with {@code |}) raises one alert per device at that severity; unset, syslog raises none.
 *     The trap rules (linkDown/linkUp, coldStart, warmStart, authenticationFailure) are built in
 *     ({@link EventAlertRules}).</li>
 * <li>{@code address-reload-seconds} 60: the longest the pipeline keeps its copy of the inventory's
 *     addresses (which device sent an event) before reading it again; a change made on this node applies
 *     at once, one made on another node within this time (as the alert engine's {@code reload-seconds}).</li>
 * </ul>
 * A value these checks refuse does not stop the deployment: {@link #load(Config)} answers both receivers
 * off and the reason, which the pipeline logs (SEVERE) and the {@code event-receivers} health check shows.
 */
public record EventSettings(boolean trapEnabled, String trapAddress, int trapPort, List<String> trapCommunities,
                            List<String> trapV3Users, boolean syslogEnabled, String syslogAddress, int syslogPort,
                            int syslogMaxMessageBytes, int syslogMaxConnections, int syslogMaxConnectionsPerSource,
                            int queueCapacity, int batchSize,
                            int sourcePerSecond, int sourceBurst, int retentionDays, int partitionsAheadDays,
                            String syslogAlertPattern, ge.wardops.alerting.Severity syslogAlertSeverity, int addressReloadSeconds,
                            int storeWorkers) {

    private static final String P = "wardops.events.";

    public EventSettings {
        trapCommunities = List.copyOf(trapCommunities);
        trapV3Users = List.copyOf(trapV3Users);
        port(trapPort, "trap.port");
        port(syslogPort, "syslog.port");
        require(syslogMaxMessageBytes >= 480 && syslogMaxMessageBytes <= 1 << 20,
                "syslog.max-message-bytes must be 480..1048576 (RFC 3164's 480 at least), was " + syslogMaxMessageBytes);
        require(syslogMaxConnections >= 1 && syslogMaxConnections <= 10_000, "syslog.max-connections must be 1..10000, was " + syslogMaxConnections);
        require(syslogMaxConnectionsPerSource >= 1 && syslogMaxConnectionsPerSource <= syslogMaxConnections,
                "syslog.max-connections-per-source must be 1..syslog.max-connections (" + syslogMaxConnections + "), was "
                        + syslogMaxConnectionsPerSource);
        require(queueCapacity >= 100 && queueCapacity <= 1_000_000, "queue-capacity must be 100..1000000, was " + queueCapacity);
        require(batchSize >= 1 && batchSize <= 10_000, "batch-size must be 1..10000, was " + batchSize);
        require(sourcePerSecond >= 1, "source-per-second must be at least 1, was " + sourcePerSecond);
        require(sourceBurst >= 1, "source-burst must be at least 1, was " + sourceBurst);
        require(retentionDays >= 1 && retentionDays <= 3650, "retention-days must be 1..3650, was " + retentionDays);
        require(partitionsAheadDays >= 1 && partitionsAheadDays <= 60, "partitions-ahead-days must be 1..60, was " + partitionsAheadDays);
        syslogAlertPattern = syslogAlertPattern == null ? "" : syslogAlertPattern;
        try {
            java.util.regex.Pattern.compile(syslogAlertPattern);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new IllegalArgumentException("syslog-alert-pattern is not a regular expression: " + e.getMessage());
        }
        java.util.Objects.requireNonNull(syslogAlertSeverity, "syslogAlertSeverity");
        require(addressReloadSeconds >= 1 && addressReloadSeconds <= 86_400, "address-reload-seconds must be 1..86400, was " + addressReloadSeconds);
        require(storeWorkers >= 1 && storeWorkers <= 8, "store-workers must be 1..8, was " + storeWorkers);
    }

    public static EventSettings defaults() {
        return new EventSettings(true, "127.0.0.1", 10162, List.of("public"), List.of(), true, "127.0.0.1", 10514,
                8192, 64, 8, 20_000, 500, 200, 1000, 30, 3, "", ge.wardops.alerting.Severity.MAJOR, 60, 2);
    }

    /** The settings as configured, each unset key at its default. */
    public static EventSettings from(Config c) {
        EventSettings d = defaults();
        return new EventSettings(
                c.getOptionalValue(P + "trap.enabled", Boolean.class).orElse(d.trapEnabled),
                c.getOptionalValue(P + "trap.address", String.class).orElse(d.trapAddress),
                c.getOptionalValue(P + "trap.port", Integer.class).orElse(d.trapPort),
                list(c.getOptionalValue(P + "trap.communities", String.class)).orElse(d.trapCommunities),
                list(c.getOptionalValue(P + "trap.v3-users", String.class)).orElse(d.trapV3Users),
                c.getOptionalValue(P + "syslog.enabled", Boolean.class).orElse(d.syslogEnabled),
                c.getOptionalValue(P + "syslog.address", String.class).orElse(d.syslogAddress),
                c.getOptionalValue(P + "syslog.port", Integer.class).orElse(d.syslogPort),
                c.getOptionalValue(P + "syslog.max-message-bytes", Integer.class).orElse(d.syslogMaxMessageBytes),
                c.getOptionalValue(P + "syslog.max-connections", Integer.class).orElse(d.syslogMaxConnections),
                c.getOptionalValue(P + "syslog.max-connections-per-source", Integer.class).orElse(d.syslogMaxConnectionsPerSource),
                c.getOptionalValue(P + "queue-capacity", Integer.class).orElse(d.queueCapacity),
                c.getOptionalValue(P + "batch-size", Integer.class).orElse(d.batchSize),
                c.getOptionalValue(P + "source-per-second", Integer.class).orElse(d.sourcePerSecond),
                c.getOptionalValue(P + "source-burst", Integer.class).orElse(d.sourceBurst),
                c.getOptionalValue(P + "retention-days", Integer.class).orElse(d.retentionDays),
                c.getOptionalValue(P + "partitions-ahead-days", Integer.class).orElse(d.partitionsAheadDays),
                c.getOptionalValue(P + "syslog-alert-pattern", String.class).orElse(d.syslogAlertPattern),
                c.getOptionalValue(P + "syslog-alert-severity", String.class)
                        .map(v -> ge.wardops.alerting.Severity.valueOf(v.strip().toUpperCase(java.util.Locale.ROOT))).orElse(d.syslogAlertSeverity),
                c.getOptionalValue(P + "address-reload-seconds", Integer.class).orElse(d.addressReloadSeconds),
                c.getOptionalValue(P + "store-workers", Integer.class).orElse(d.storeWorkers));
    }

    /** The settings as read, or (when a wardops.events.* value is invalid) the receivers off and the reason why. */
    public record Loaded(EventSettings settings, String problem) {
    }

    /**
     * As {@link #from(Config)}, but an invalid value (a port out of range, a broken regular expression,
     * a number that is not one) does not throw: the answer has both receivers off and no syslog alert
     * pattern, and names the problem, so the rest of the application deploys and runs.
     */
    public static Loaded load(Config c) {
        return load(() -> from(c));
    }

    /** As {@link #load(Config)}, for settings {@code read} builds (tests build them directly). */
    static Loaded load(java.util.function.Supplier<EventSettings> read) {
        try {
            return new Loaded(read.get(), null);
        } catch (RuntimeException e) {
            EventSettings d = defaults();
            EventSettings off = new EventSettings(false, d.trapAddress, d.trapPort, d.trapCommunities, List.of(), false, d.syslogAddress,
                    d.syslogPort, d.syslogMaxMessageBytes, d.syslogMaxConnections, d.syslogMaxConnectionsPerSource, d.queueCapacity, d.batchSize, d.sourcePerSecond,
                    d.sourceBurst, d.retentionDays, d.partitionsAheadDays, "", d.syslogAlertSeverity, d.addressReloadSeconds,
                    d.storeWorkers);
            return new Loaded(off, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    public EventSettings withTrapListener(String address, int port) {
        return new EventSettings(true, address, port, trapCommunities, trapV3Users, syslogEnabled, syslogAddress, syslogPort,
                syslogMaxMessageBytes, syslogMaxConnections, syslogMaxConnectionsPerSource, queueCapacity, batchSize, sourcePerSecond, sourceBurst, retentionDays,
                partitionsAheadDays, syslogAlertPattern, syslogAlertSeverity, addressReloadSeconds, storeWorkers);
    }

    public EventSettings withV3Users(List<String> users) {
        return new EventSettings(trapEnabled, trapAddress, trapPort, trapCommunities, users, syslogEnabled, syslogAddress, syslogPort,
                syslogMaxMessageBytes, syslogMaxConnections, syslogMaxConnectionsPerSource, queueCapacity, batchSize, sourcePerSecond, sourceBurst, retentionDays,
                partitionsAheadDays, syslogAlertPattern, syslogAlertSeverity, addressReloadSeconds, storeWorkers);
    }

    public EventSettings withSyslogListener(String address, int port) {
        return new EventSettings(trapEnabled, trapAddress, trapPort, trapCommunities, trapV3Users, true, address, port,
                syslogMaxMessageBytes, syslogMaxConnections, syslogMaxConnectionsPerSource, queueCapacity, batchSize, sourcePerSecond, sourceBurst, retentionDays,
                partitionsAheadDays, syslogAlertPattern, syslogAlertSeverity, addressReloadSeconds, storeWorkers);
    }

    public EventSettings withSyslogConnectionLimits(int max, int perSource) {
        return new EventSettings(trapEnabled, trapAddress, trapPort, trapCommunities, trapV3Users, syslogEnabled, syslogAddress, syslogPort,
                syslogMaxMessageBytes, max, perSource, queueCapacity, batchSize, sourcePerSecond, sourceBurst, retentionDays,
                partitionsAheadDays, syslogAlertPattern, syslogAlertSeverity, addressReloadSeconds, storeWorkers);
    }

    public EventSettings withLimits(int queueCapacity, int sourcePerSecond, int sourceBurst) {
        return new EventSettings(trapEnabled, trapAddress, trapPort, trapCommunities, trapV3Users, syslogEnabled, syslogAddress, syslogPort,
                syslogMaxMessageBytes, syslogMaxConnections, syslogMaxConnectionsPerSource, queueCapacity, batchSize, sourcePerSecond, sourceBurst, retentionDays,
                partitionsAheadDays, syslogAlertPattern, syslogAlertSeverity, addressReloadSeconds, storeWorkers);
    }

    private static Optional<List<String>> list(Optional<String> value) {
        return value.map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    private static void port(int port, String key) {
        require(port >= 1 && port <= 65535, key + " must be 1..65535, was " + port);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
