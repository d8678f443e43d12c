package ge.wardops.probe.snmp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-second rates from successive counter readings: a counter's value means nothing, its change
 * per second is the traffic. Remembers the last reading of each (device, item, row index).
 *
 * <p>A counter that went down either wrapped (Counter32 at 2^32, Counter64 at 2^64) or started
 * again from zero because the agent restarted. Only sysUpTime tells which: after a restart it is
 * smaller than the time since the previous reading. Then there is no rate for that interval,
 * because "wrapped" would turn the reset into a spike of billions of bytes per second on the
 * console. Without sysUpTime a counter going down also gives no rate, for the same reason.
 * More than one wrap between two readings cannot be seen: at 10 Gbit/s a Counter32 of octets
 * wraps every 3.4 s, which is why the templates ask for the 64-bit ifHC* counters.
 */
public final class CounterRates {

    /** Which counter: a device's item, and the table row (the ifIndex; "" for a scalar). */
    public record Key(long deviceId, String item, String index) {
        public Key {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(index, "index");
        }
    }

    /** A computed rate, in counter units (octets, errors) per second. */
    public record Rate(Key key, double perSecond) {
    }

    /**
     * sysUpTime may lag the collector's clock by network delay and agent scheduling; a restart is
     * only assumed when the agent has been up for clearly less time than since the last reading.
     */
    static final Duration UPTIME_TOLERANCE = Duration.ofSeconds(1);

    private static final double TWO_TO_THE_64 = 18446744073709551616.0;

    private record Sample(long value, OptionalLong sysUpTime, Instant at) {
    }

    private final Map<Key, Sample> last = new ConcurrentHashMap<>();

    /**
     * Remembers this reading and returns the rate since the previous one of the same key; empty
     * for the first reading, after an agent restart, or when time did not advance.
     *
     * @param value     the raw counter (unsigned: a Counter64 above 2^63 is a negative long)
     * @param sysUpTime the agent's sysUpTime of the same poll, hundredths of a second
     * @param at        when the reading arrived
     */
    public OptionalDouble update(Key key, SnmpItem.Kind kind, long value, OptionalLong sysUpTime, Instant at) {
        if (kind != SnmpItem.Kind.COUNTER32 && kind != SnmpItem.Kind.COUNTER64) {
            throw new IllegalArgumentException(key.item() + " is a " + kind + ", not a counter");
        }
        Sample current = new Sample(value, sysUpTime, at);
        Sample previous = last.put(key, current);
        return previous == null ? OptionalDouble.empty() : rate(kind, previous, current);
    }

    /** The rates of every counter reading in a poll result (readings without a previous one give none). */
    public List<Rate> update(SnmpPollResult result) {
        List<Rate> rates = new ArrayList<>();
        for (SnmpReading reading : result.readings()) {
            boolean counter = reading.kind() == SnmpItem.Kind.COUNTER32 || reading.kind() == SnmpItem.Kind.COUNTER64;
            if (counter && reading.ok()) {
                Key key = new Key(result.deviceId(), reading.item(), reading.index());
                update(key, reading.kind(), reading.value(), result.sysUpTime(), result.polledAt())
                        .ifPresent(perSecond -> rates.add(new Rate(key, perSecond)));
            }
        }
        return rates;
    }

    /** Drops what is remembered of a device, e.g. when it leaves the inventory. */
    public void forget(long deviceId) {
        last.keySet().removeIf(key -> key.deviceId() == deviceId);
    }

    /** Drops readings older than {@code cutoff}: interfaces that vanished, devices no longer polled. */
    public void forgetOlderThan(Instant cutoff) {
        last.values().removeIf(sample -> sample.at().isBefore(cutoff));
    }

    public int size() {
        return last.size();
    }

    private static OptionalDouble rate(SnmpItem.Kind kind, Sample previous, Sample current) {
        double seconds = Duration.between(previous.at(), current.at()).toNanos() / 1e9;
        if (seconds <= 0) {
            return OptionalDouble.empty();
        }
        boolean uptimeKnown = previous.sysUpTime().isPresent() && current.sysUpTime().isPresent();
        if (uptimeKnown && restartedBetween(previous, current)) {
            return OptionalDouble.empty();
        }
        boolean wentDown = Long.compareUnsigned(current.value(), previous.value()) < 0;
        if (wentDown && !uptimeKnown) {
            return OptionalDouble.empty();
        }
        double delta = kind == SnmpItem.Kind.COUNTER32
                ? (current.value() - previous.value()) & 0xFFFF_FFFFL
                : unsigned(current.value() - previous.value());
        return OptionalDouble.of(delta / seconds);
    }

    /**
     * Up for less time than since the previous reading, or less than it was then: the agent started
     * again in between. (A TimeTicks wrap after 497 days looks the same and costs one rate.)
     */
    private static boolean restartedBetween(Sample previous, Sample current) {
        long before = previous.sysUpTime().getAsLong();
        long now = current.sysUpTime().getAsLong();
        Duration upFor = Duration.ofMillis(now * 10);
        Duration sincePrevious = Duration.between(previous.at(), current.at());
        return now < before || upFor.plus(UPTIME_TOLERANCE).compareTo(sincePrevious) < 0;
    }

    private static double unsigned(long bits) {
        return bits >= 0 ? bits : bits + TWO_TO_THE_64;
    }
}
