package ge.wardops.history;

import ge.wardops.metrics.DiskSpool;
import ge.wardops.metrics.PingQueries;
import ge.wardops.metrics.Sample;
import ge.wardops.metrics.VictoriaMetricsReader;
import ge.wardops.metrics.VictoriaMetricsReader.Series;
import ge.wardops.metrics.VictoriaMetricsSettings;
import ge.wardops.metrics.VictoriaMetricsWriter;
import ge.wardops.report.HourlyRollup;
import ge.wardops.testsupport.VictoriaMetricsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A history with a step of whole hours read from the hourly rollups gives the same series, points and
 * values as the raw samples, with the hours not rolled up (the newest, a stale one) read raw; and it
 * really reads the rollups (a sample that came after its hour was rolled up is not in it until the
 * hour is marked stale). Real VictoriaMetrics, real rollups ({@link HourlyRollup}).
 */
class HourlyHistoryTest {

    /** Eight hours of 10 s rounds; hours 0-5 are rolled up, 6 and 7 are not (yet). */
    static final Instant H0 = Instant.parse("2026-10-05T08:00:00Z");
    static final int HOURS = 8;
    static final int ROLLED = 6;

    /** The runs after the first are asked on another thread, as on the server. */
    static final java.util.concurrent.ExecutorService EXECUTOR = java.util.concurrent.Executors.newFixedThreadPool(2);

    @TempDir
    static Path work;

    static VictoriaMetricsProcess vm;
    static VictoriaMetricsReader reader;
    static VictoriaMetricsWriter writer;

    @BeforeAll
    static void samplesAndRollups() throws Exception {
        vm = VictoriaMetricsProcess.startIn(work);
        reader = new VictoriaMetricsReader(vm.baseUri(), Duration.ofSeconds(2), Duration.ofSeconds(30));
        writer = new VictoriaMetricsWriter(VictoriaMetricsSettings.defaults().withBaseUri(vm.baseUri()),
                new DiskSpool(work.resolve("spool"), DiskSpool.DEFAULT_MAX_BYTES));
        List<Sample> samples = new ArrayList<>();
        for (int r = 0; r < HOURS * 360; r++) {
            // 3.5 s into each 10 s: no sample on an hour's first millisecond, which each side would count in another hour.
            Instant at = H0.plusSeconds(10L * r).plusMillis(3_500);
            // Device 1: RTT that varies, 4 of every 37 rounds without a reply, partial loss now and then.
            boolean up1 = r % 37 >= 4;
            samples.addAll(ping(1, up1, up1 ? 1.25 + (r % 11) * 0.37 : null, up1 ? (r % 13 == 0 ? 25 : 0) : 100, at));
            // Device 2: answers except during the whole of hour 2 (no RTT at all there) and the first half of hour 5.
            int hour = r / 360;
            boolean up2 = hour != 2 && !(hour == 5 && r % 360 < 180);
            samples.addAll(ping(2, up2, up2 ? 7.5 + (r % 5) : null, up2 ? 0 : 100, at));
        }
        writer.write(samples);
        vm.forceFlush();
        HourlyRollup rollup = new HourlyRollup(reader, writer::writeNow);
        for (int h = 0; h < ROLLED; h++) {
            assertEquals(2, rollup.roll(H0.plus(Duration.ofHours(h))));
        }
        vm.forceFlush();
    }

    @AfterAll
    static void stop() throws Exception {
        EXECUTOR.shutdownNow();
        if (writer != null) {
            writer.close();
        }
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void aRangeOfWholeHoursFromTheRollupsIsTheRawHistoryAndReadsTheRollupsWhereTheyAre() throws Exception {
        // Points at 09:00 .. 16:00: the one at t covers the hour before it; 09:00-14:00 are rolled up, 15:00 and 16:00 raw.
        HistoryRange range = new HistoryRange(H0.plus(Duration.ofHours(1)), H0.plus(Duration.ofHours(HOURS)), 3600, false);
        long before = vm.queryRangeRequests();
        List<Series> hourly = history().series(List.of(1L, 2L), range);
        assertEquals(before + 3, vm.queryRangeRequests(), "the rolled-up hours, the run of rollups, the run of raw samples");
        assertSameSeries(raw(range, 1L, 2L), hourly);
        assertEquals(HOURS, points(hourly, 1, "rtt").size(), "a point for each hour");
        assertEquals(HOURS - 1, points(hourly, 2, "rtt").size(), "no RTT for the hour device 2 never answered");
        assertEquals(50.0, points(hourly, 2, "availability").get(H0.plus(Duration.ofHours(6)).toEpochMilli()), 1e-9);

        // Two-hour steps: the point covering hours 5 and 6 is read raw (6 is not rolled up), the ones before from rollups.
        HistoryRange twoHours = new HistoryRange(H0.plus(Duration.ofHours(2)), H0.plus(Duration.ofHours(HOURS)), 7200, false);
        assertSameSeries(raw(twoHours, 1L, 2L), history().series(List.of(1L, 2L), twoHours));
    }

    @Test
    void aSampleThatCameAfterItsHourWasRolledUpIsReadOnceTheHourIsMarkedStale() throws Exception {
        Instant hour3 = H0.plus(Duration.ofHours(3));
        HistoryRange range = new HistoryRange(hour3, H0.plus(Duration.ofHours(5)), 3600, false);
        // A device of its own, so the other test's comparisons are untouched: it appears in hour 3 only after the rollup.
        writer.write(ping(3, true, 42.0, 0, hour3.minusSeconds(1800)));
        vm.forceFlush();
        assertEquals(Map.of(), points(history().series(List.of(3L), range), 3, "rtt"),
                "the rollup of hour 2 was made before the sample came, so the rollups do not have it");
        assertEquals(Map.of(hour3.toEpochMilli(), 42.0), points(raw(range, 3L), 3, "rtt"));

        assertTrue(writer.writeNow(PingQueries.staleMarks(hour3.minusSeconds(1800), H0.plus(Duration.ofHours(ROLLED)))));
        vm.forceFlush();
        assertEquals(Map.of(hour3.toEpochMilli(), 42.0), points(history().series(List.of(3L), range), 3, "rtt"),
                "the hour is stale now and read raw");
        assertSameSeries(raw(range, 1L, 2L, 3L), history().series(List.of(1L, 2L, 3L), range));
    }

    @Test
    void anHourStartingAtMidnightIsReadFromItsRollupLikeAnyOther() throws Exception {
        // A device of its own whose samples, and so whose rollup series, begin at 00:00 UTC of a day: the point at
        // 01:00 asks the rollups over a range that ends, after the query's offset of an hour, exactly at midnight,
        // where VictoriaMetrics looked only in the day before and found nothing (ReportsIT, 2026-12-07).
        Instant midnight = Instant.parse("2026-10-07T00:00:00Z");
        List<Sample> samples = new ArrayList<>();
        for (int r = 0; r < 360; r++) {
            samples.addAll(ping(4, r % 4 != 0, r % 4 != 0 ? 3.0 : null, r % 4 != 0 ? 0 : 100, midnight.plusSeconds(10L * r).plusMillis(3_500)));
        }
        writer.write(samples);
        vm.forceFlush();
        assertEquals(1, new HourlyRollup(reader, writer::writeNow).roll(midnight));
        vm.forceFlush();
        HistoryRange range = new HistoryRange(midnight, midnight.plus(Duration.ofHours(1)), 3600, false);
        List<Series> hourly = history().series(List.of(4L), range);
        assertEquals(Map.of(midnight.plus(Duration.ofHours(1)).toEpochMilli(), 75.0), points(hourly, 4, "availability"),
                "the hour's point, from its rollup: " + hourly);
        assertSameSeries(raw(range, 4L), hourly);
    }

    @Test
    void theRolledUpHoursAreAskedOncePerMaxAgeNotPerRead() throws Exception {
        Instant[] now = {H0.plus(Duration.ofHours(HOURS + 1))};
        HourlyHistory history = new HourlyHistory(reader, HourlyRollup.rolledHours(reader), Duration.ofSeconds(60), () -> now[0], Runnable::run);
        // Points at 09:00 and 10:00: hours 08:00 and 09:00, rolled up (the stale marks of the other test start at 10:00).
        HistoryRange range = new HistoryRange(H0.plus(Duration.ofHours(1)), H0.plus(Duration.ofHours(2)), 3600, false);
        long before = vm.queryRangeRequests();
        history.series(List.of(1L), range);
        history.series(List.of(2L), range);
        assertEquals(before + 3, vm.queryRangeRequests(), "one look at the marks, then one query per read (all rolled up)");
        now[0] = now[0].plusSeconds(61);
        history.series(List.of(1L), range);
        assertEquals(before + 5, vm.queryRangeRequests(), "a minute later the marks are asked again");
        assertFalse(HourlyHistory.serves(new HistoryRange(H0, H0.plus(Duration.ofHours(2)), 900, false)), "15-minute steps: raw");
        assertTrue(PingQueries.HISTORY_FROM_ROLLUPS.contains(PingQueries.HOUR_ROLLUP_METRIC + "%1$s"), "reads the rollups the reports keep");
    }

    private static HourlyHistory history() {
        return new HourlyHistory(reader, HourlyRollup.rolledHours(reader), Duration.ZERO, Instant::now, EXECUTOR);
    }

    private static List<Series> raw(HistoryRange range, Long... ids) {
        return reader.rangeForDevices(PingQueries.HISTORY.replace("%2$d", String.valueOf(range.stepSeconds())), List.of(ids),
                range.from().getEpochSecond(), range.to().getEpochSecond(), range.stepSeconds());
    }

    private static void assertSameSeries(List<Series> expected, List<Series> actual) {
        Map<String, Map<Long, Double>> e = byKey(expected);
        Map<String, Map<Long, Double>> a = byKey(actual);
        assertEquals(e.keySet(), a.keySet(), "the same devices and series");
        e.forEach((key, points) -> {
            assertEquals(points.keySet(), a.get(key).keySet(), key + ": the same timestamps");
            points.forEach((t, v) -> assertEquals(v, a.get(key).get(t), 1e-9, key + " at " + Instant.ofEpochMilli(t)));
        });
    }

    private static Map<String, Map<Long, Double>> byKey(List<Series> series) {
        Map<String, Map<Long, Double>> out = new TreeMap<>();
        for (Series s : series) {
            Map<Long, Double> points = out.computeIfAbsent(s.labels().get("device_id") + "/" + s.labels().get("series"), k -> new TreeMap<>());
            s.points().forEach(p -> assertEquals(null, points.put(p.epochMillis(), p.value()), "one value per moment"));
        }
        return out;
    }

    private static Map<Long, Double> points(List<Series> series, long device, String name) {
        return byKey(series).getOrDefault(device + "/" + name, Map.of());
    }

    private static List<Sample> ping(long device, boolean up, Double rtt, double loss, Instant at) {
        Map<String, String> labels = Map.of("device_id", Long.toString(device), "branch", "VAKE", "region", "TBS", "type", "ROUTER");
        List<Sample> s = new ArrayList<>(3);
        s.add(new Sample("wardops_ping_up", labels, up ? 1 : 0, at.toEpochMilli()));
        s.add(new Sample("wardops_ping_loss_percent", labels, loss, at.toEpochMilli()));
        if (rtt != null) {
            s.add(new Sample("wardops_ping_rtt_ms", labels, rtt, at.toEpochMilli()));
        }
        return s;
    }
}
