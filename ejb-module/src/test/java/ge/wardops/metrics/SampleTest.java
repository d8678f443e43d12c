package ge.wardops.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Sample validation, and the exact text VictoriaMetrics receives. */
class SampleTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "wardops-ping", "wardops ping", "rtt.ms", "ms²"})
    void badMetricNamesAreRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> new Sample(name, Map.of(), 1, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "device-id", "9x", "__name__"})
    void badOrReservedLabelNamesAreRefused(String name) {
        assertThrows(IllegalArgumentException.class, () -> new Sample("wardops_ping_up", Map.of(name, "1"), 1, 1));
    }

    @Test
    void valuesMustBeFiniteAndTimesAfter1970() {
        assertThrows(IllegalArgumentException.class, () -> new Sample("m", Map.of(), Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sample("m", Map.of(), Double.POSITIVE_INFINITY, 1));
        assertThrows(IllegalArgumentException.class, () -> new Sample("m", Map.of(), 1, 0));
    }

    @Test
    void linesCarrySortedEscapedLabelsAndMillisecondTimestamps() throws IOException {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("type", "ATM");
        labels.put("branch", "Vake \"7\"\\old\nnew");
        labels.put("device_id", "42");

        ImportBatch batch = ImportBatch.encode(List.of(
                new Sample("wardops_ping_rtt_ms", labels, 0.25, 1_764_300_000_123L),
                new Sample("wardops:up", Map.of(), 1, 1_764_300_000_000L)));

        assertEquals(2, batch.samples());
        assertEquals("wardops_ping_rtt_ms{branch=\"Vake \\\"7\\\"\\\\old\\nnew\",device_id=\"42\",type=\"ATM\"} 0.25 1764300000123\n"
                + "wardops:up 1.0 1764300000000\n", gunzip(batch.gzipped()));
    }

    private static String gunzip(byte[] gzipped) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
