package ge.wardops.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One value of one series at one moment, as VictoriaMetrics stores it. Names are checked here, at
 * the producer, because VictoriaMetrics skips a malformed line silently and answers 204 anyway.
 *
 * @param timestampMillis when it was measured (not when it was sent: spooled samples keep it)
 */
public record Sample(String metric, Map<String, String> labels, double value, long timestampMillis) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    public Sample {
        requireName("metric", metric);
        Objects.requireNonNull(labels, "labels");
        // Sorted, so one series always encodes the same way; copied, so the caller cannot change it later.
        TreeMap<String, String> copy = new TreeMap<>();
        labels.forEach((name, text) -> {
            requireName("label", name);
            if (name.startsWith("__")) {
                throw new IllegalArgumentException("label names starting with __ are reserved: " + name);
            }
            copy.put(name, Objects.requireNonNull(text, () -> "value of label " + name));
        });
        labels = Collections.unmodifiableMap(copy);
        if (!Double.isFinite(value)) {
            // A probe measures finite things; NaN is VictoriaMetrics' staleness marker and must not leak in.
            throw new IllegalArgumentException(metric + ": value must be finite, was " + value);
        }
        if (timestampMillis <= 0) {
            throw new IllegalArgumentException(metric + ": timestamp must be after 1970, was " + timestampMillis);
        }
    }

    private static void requireName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(what + " name '" + name + "' does not match " + NAME.pattern());
        }
    }
}
