package ge.wardops.api;

import ge.wardops.history.DeviceHistory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON of a {@link DeviceHistory}, written directly: the same bytes JSON-B writes for the record
 * (its properties in JSON-B's default lexicographic order, numbers as JSON-P writes them,
 * instants as ISO-8601; {@code HistoryJsonTest} compares the two), in a
 * tenth of the time. It runs on every history cache miss, where JSON-B's reflection over ~900
 * two-element lists was the largest part of the application's own cost (docs/performance.md, "Read path").
 * The record holds only numbers and instants, so nothing needs escaping.
 */
final class HistoryJson {

    private HistoryJson() {
    }

    static byte[] of(DeviceHistory h) {
        int points = h.rttMs().size() + h.lossPercent().size() + h.availabilityPercent().size();
        StringBuilder b = new StringBuilder(160 + points * 34);
        b.append("{\"availabilityPercent\":");
        series(b, h.availabilityPercent());
        b.append(",\"deviceId\":").append(h.deviceId());
        b.append(",\"from\":\"").append(h.from()).append('"');
        b.append(",\"lossPercent\":");
        series(b, h.lossPercent());
        b.append(",\"rttMs\":");
        series(b, h.rttMs());
        b.append(",\"stepSeconds\":").append(h.stepSeconds());
        b.append(",\"to\":\"").append(h.to()).append("\"}");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void series(StringBuilder b, List<List<Number>> points) {
        b.append('[');
        for (int i = 0; i < points.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            List<Number> p = points.get(i);
            b.append('[');
            number(b, p.get(0));
            b.append(',');
            number(b, p.get(1));
            b.append(']');
        }
        b.append(']');
    }

    private static void number(StringBuilder b, Number n) {
        if (n instanceof Double d) {
            if (!Double.isFinite(d)) {
                // HistorySource drops non-finite samples; one here is a bug, not a value to send.
                throw new IllegalArgumentException("not a finite number: " + d);
            }
            // As JSON-P writes a double: BigDecimal.valueOf(d).toString(). That is Double.toString's
            // plain form whenever Double.toString gives one (1e-3 <= |d| < 1e7), except for -0.0.
            String plain = Double.toString(d);
            b.append(plain.indexOf('E') < 0 && d != 0 ? plain : BigDecimal.valueOf(d).toString());
        } else if (n instanceof Long || n instanceof Integer) {
            b.append(n.longValue());
        } else {
            throw new IllegalArgumentException("unexpected number type " + n.getClass().getName());
        }
    }
}
