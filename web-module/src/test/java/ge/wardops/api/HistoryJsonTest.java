package ge.wardops.api;

import ge.wardops.history.DeviceHistory;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The direct writer must give exactly the bytes JSON-B gives for the same history. */
class HistoryJsonTest {

    private static final Jsonb JSONB = JsonbBuilder.create();

    @AfterAll
    static void close() throws Exception {
        JSONB.close();
    }

    @Test
    void writesWhatJsonbWritesForRandomHistories() {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            Instant from = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), i % 3 == 0 ? 0 : random.nextInt(1000) * 1_000_000);
            DeviceHistory h = new DeviceHistory(random.nextLong() & Long.MAX_VALUE, from, from.plusSeconds(86_400), 300,
                    series(random, random.nextInt(300)), series(random, random.nextInt(3)), series(random, random.nextInt(300)));
            assertEquals(JSONB.toJson(h), new String(HistoryJson.of(h), StandardCharsets.UTF_8));
        }
    }

    @Test
    void writesEdgeValuesAsJsonbDoes() {
        List<List<Number>> edges = List.of(List.of(0L, 0.0), List.of(1L, -0.0), List.of(2L, 100.0), List.of(3L, 1.0E-7),
                List.of(4L, 1.7976931348623157E308), List.of(5L, Double.MIN_VALUE), List.of(6L, 2.832666666666667), List.of(7L, 12345678.9), List.of(8L, 6.221017120849881E-4),
                List.of(9L, 0.001), List.of(10L, 9999999.0), List.of(11L, 10000000.0), List.of(12L, -1.5E-12), List.of(13L, 1));
        DeviceHistory h = new DeviceHistory(0, Instant.EPOCH, Instant.parse("2026-11-29T00:00:00Z"), 1, edges, List.of(), edges);
        assertEquals(JSONB.toJson(h), new String(HistoryJson.of(h), StandardCharsets.UTF_8));
    }

    @Test
    void refusesANonFiniteValue() {
        DeviceHistory h = new DeviceHistory(1, Instant.EPOCH, Instant.EPOCH, 300, List.of(List.of(1L, Double.NaN)), List.of(), List.of());
        assertThrows(IllegalArgumentException.class, () -> HistoryJson.of(h));
    }

    private static List<List<Number>> series(Random random, int n) {
        List<List<Number>> points = new ArrayList<>();
        long t = 1_795_836_300_000L;
        for (int i = 0; i < n; i++) {
            double v = switch (random.nextInt(4)) {
                case 0 -> 100.0;
                case 1 -> random.nextInt(100);
                case 2 -> random.nextDouble() * 5;
                default -> random.nextGaussian() * 1e6;
            };
            points.add(List.of(t + i * 300_000L, v));
        }
        return points;
    }
}
