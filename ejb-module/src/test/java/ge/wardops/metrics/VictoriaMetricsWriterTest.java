package ge.wardops.metrics;

import ge.wardops.testsupport.VictoriaMetricsProcess;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer against a real VictoriaMetrics of this class's own: what arrives, what a stopped
 * VictoriaMetrics costs (nothing), and what a refusal costs (one request, counted).
 */
class VictoriaMetricsWriterTest {

    /** Three days back: replayed data must keep its own time, not take the time of the replay. */
    private static final long THREE_DAYS_AGO = Instant.now().minus(Duration.ofDays(3)).toEpochMilli() / 1000 * 1000;

    @TempDir
    static Path work;
    private static VictoriaMetricsProcess vm;

    @BeforeAll
    static void startVictoriaMetrics() throws Exception {
        vm = VictoriaMetricsProcess.startIn(work);
    }

    @AfterAll
    static void stopIt() throws Exception {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void aBatchOfFiveThousandSamplesArrivesInOneRequestWithItsValuesLabelsAndTimestamps() throws Exception {
        List<Sample> batch = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            batch.add(new Sample("wardops_ping_rtt_ms", Map.of("test", "batch", "device_id", Integer.toString(i),
                    "branch", "თბილისი \"Vake\" \\ " + i % 128, "region", "Tbilisi", "type", "ATM"),
                    i * 0.25 + 0.001, THREE_DAYS_AGO + i % 60 * 1000L));
        }
        batch.add(new Sample("wardops_ping_rtt_ms", Map.of("test", "batch", "device_id", "tiny"), 1.0E-5, THREE_DAYS_AGO));
        batch.add(new Sample("wardops_ping_rtt_ms", Map.of("test", "batch", "device_id", "huge"), 1.0E10, THREE_DAYS_AGO));
        long requestsBefore = vm.importRequests();

        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(VictoriaMetricsSettings.defaults().withBaseUri(vm.baseUri()),
                new DiskSpool(work.resolve("spool-batch"), DiskSpool.DEFAULT_MAX_BYTES))) {
            writer.write(batch);
            assertEquals(5_002, writer.sentSamples());
            assertEquals(0, writer.spooledSamples());
        }

        assertEquals(2, vm.importRequests() - requestsBefore, "5,000 samples per request, then the 2 left over");
        List<VictoriaMetricsProcess.Series> stored = vm.export("{test=\"batch\"}");
        assertEquals(5_002, stored.size());
        for (VictoriaMetricsProcess.Series s : stored) {
            String device = s.labels().get("device_id");
            assertEquals(1, s.values().size(), "exactly once: " + s);
            switch (device) {
                case "tiny" -> assertEquals(1.0E-5, s.values().get(0));
                case "huge" -> assertEquals(1.0E10, s.values().get(0));
                default -> {
                    int i = Integer.parseInt(device);
                    assertEquals(Map.of("__name__", "wardops_ping_rtt_ms", "test", "batch", "device_id", device,
                            "branch", "თბილისი \"Vake\" \\ " + i % 128, "region", "Tbilisi", "type", "ATM"), s.labels());
                    assertEquals(i * 0.25 + 0.001, s.values().get(0), 1e-9);
                    assertEquals(THREE_DAYS_AGO + i % 60 * 1000L, s.timestamps().get(0));
                }
            }
        }
    }

    @Test
    void whileVictoriaMetricsIsStoppedSamplesAreSpooledThenReplayedExactlyOnceWithTheirOwnTimestamps() throws Exception {
        Path spoolDir = work.resolve("spool-restart");
        try (VictoriaMetricsWriter writer = writer(vm.baseUri(), spoolDir, DiskSpool.DEFAULT_MAX_BYTES)) {
            vm.stop();
            long started = System.nanoTime();
            writer.write(minutes("restart", 0, 10, 100));
            long firstWriteMs = (System.nanoTime() - started) / 1_000_000;
            writer.write(minutes("restart", 10, 10, 100));
            assertEquals(0, writer.replayPending(), "nothing to replay into while it is down");

            assertTrue(firstWriteMs >= 600, "tried three times, 200 + 400 ms apart, before spooling: " + firstWriteMs + " ms");
            assertEquals(0, writer.sentSamples());
            assertEquals(2_000, writer.spooledSamples());
            assertEquals(2_000, writer.pendingSamples());
            assertEquals(4, segments(spoolDir), "one segment per request");

            vm.start();
            writer.write(minutes("restart", 20, 10, 100));
            assertEquals(0, writer.sentSamples(), "VictoriaMetrics is back, but the new samples queue behind the spooled ones");
            assertEquals(3_000, writer.pendingSamples());

            List<Long> lateSince = new ArrayList<>();
            assertEquals(3_000, writer.replayPending(lateSince::add));
            assertEquals(THREE_DAYS_AGO, lateSince.stream().mapToLong(Long::longValue).min().orElseThrow(),
                    "the replay says from when samples arrived late (the hourly rollups since then lack them)");
            assertEquals(6, lateSince.size(), "one per replayed segment");
            assertEquals(0, writer.pendingSamples());
            assertEquals(3_000, writer.replayedSamples());
            assertEquals(0, writer.replayPending(), "a second replay sends nothing again");
        }

        List<VictoriaMetricsProcess.Series> stored = vm.export("{test=\"restart\"}");
        assertEquals(100, stored.size());
        List<Long> expected = new ArrayList<>();
        for (int minute = 0; minute < 30; minute++) {
            expected.add(THREE_DAYS_AGO + minute * 60_000L);
        }
        for (VictoriaMetricsProcess.Series s : stored) {
            assertEquals(expected, s.timestamps(), "every minute once, at its own time: " + s.labels());
        }
    }

    @Test
    void pastTheSpoolLimitTheOldestSamplesAreDroppedAndCounted(@TempDir Path spoolDir) throws Exception {
        int nowhere = VictoriaMetricsProcess.freePort();
        // Room for three one-minute segments (their gzip sizes differ by a few bytes only).
        long limit = ImportBatch.encode(minutes("limit", 0, 1, 500)).gzipped().length * 7L / 2;

        try (VictoriaMetricsWriter away = writer(URI.create("http://127.0.0.1:" + nowhere), spoolDir, limit)) {
            for (int minute = 0; minute < 10; minute++) {
                away.write(minutes("limit", minute, 1, 500));
            }
            assertEquals(5_000, away.spooledSamples());
            assertEquals(7 * 500, away.droppedSamples(), "room for three segments of the ten");
            assertEquals(3 * 500, away.pendingSamples());
        }
        try (VictoriaMetricsWriter back = writer(vm.baseUri(), spoolDir, limit)) {
            assertEquals(1_500, back.replayPending());
        }

        List<VictoriaMetricsProcess.Series> stored = vm.export("{test=\"limit\"}");
        assertEquals(500, stored.size());
        for (VictoriaMetricsProcess.Series s : stored) {
            assertEquals(List.of(THREE_DAYS_AGO + 7 * 60_000L, THREE_DAYS_AGO + 8 * 60_000L, THREE_DAYS_AGO + 9 * 60_000L),
                    s.timestamps(), "the newest three minutes survive, the oldest seven are gone");
        }
    }

    @Test
    void aSpoolLeftOnDiskByAnEarlierWriterIsReplayedByTheNextOne(@TempDir Path spoolDir) throws Exception {
        int nowhere = VictoriaMetricsProcess.freePort();
        try (VictoriaMetricsWriter earlier = writer(URI.create("http://127.0.0.1:" + nowhere), spoolDir, DiskSpool.DEFAULT_MAX_BYTES)) {
            earlier.write(minutes("leftover", 0, 4, 500));
            assertEquals(2_000, earlier.pendingSamples());
        }
        // What a JVM killed mid-append leaves: a partial file that must not be replayed.
        Files.write(spoolDir.resolve("00000000000000000099.500.prom.gz.partial"), new byte[] {31, -117, 8});

        try (VictoriaMetricsWriter next = writer(vm.baseUri(), spoolDir, DiskSpool.DEFAULT_MAX_BYTES)) {
            assertEquals(2_000, next.pendingSamples(), "found on start");
            assertEquals(2_000, next.replayPending());
            assertEquals(0, next.rejectedSamples());
        }

        List<VictoriaMetricsProcess.Series> stored = vm.export("{test=\"leftover\"}");
        assertEquals(500, stored.size());
        stored.forEach(s -> assertEquals(4, s.timestamps().size()));
        assertEquals(0, segments(spoolDir), "replayed segments are deleted");
        assertTrue(Files.notExists(spoolDir.resolve("00000000000000000099.500.prom.gz.partial")));
    }

    @Test
    void aRefusedBatchIsCountedAndLoggedButNeitherRetriedNorSpooled(@TempDir Path spoolDir) throws Exception {
        // A real 400 from VictoriaMetrics: the import path with an argument it cannot parse.
        VictoriaMetricsSettings broken = settings(vm.baseUri()).withImportPath("/api/v1/import/prometheus?extra_label=broken");
        long requestsBefore = vm.importRequests();

        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(broken, new DiskSpool(spoolDir, DiskSpool.DEFAULT_MAX_BYTES))) {
            writer.write(minutes("refused", 0, 1, 100));

            assertEquals(100, writer.rejectedSamples());
            assertEquals(0, writer.spooledSamples());
            assertEquals(0, writer.pendingSamples());
            assertEquals(0, writer.sentSamples());
        }
        assertEquals(1, vm.importRequests() - requestsBefore, "one request, no retry");
        assertEquals(List.of(), vm.export("{test=\"refused\"}"));
    }

    @Test
    void concurrentWritersAndReplaysLoseAndDuplicateNothing(@TempDir Path spoolDir) throws Exception {
        int nowhere = VictoriaMetricsProcess.freePort();
        try (VictoriaMetricsWriter earlier = writer(URI.create("http://127.0.0.1:" + nowhere), spoolDir, DiskSpool.DEFAULT_MAX_BYTES)) {
            earlier.write(minutes("concurrent", 0, 20, 50));
        }
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try (VictoriaMetricsWriter writer = writer(vm.baseUri(), spoolDir, DiskSpool.DEFAULT_MAX_BYTES)) {
            AtomicBoolean writing = new AtomicBoolean(true);
            Future<?> replays = threads.submit(() -> {
                while (writing.get()) {
                    writer.replayPending();
                }
            });
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int firstMinute = 20 + t * 10;
                writers.add(threads.submit(() -> {
                    for (int m = firstMinute; m < firstMinute + 10; m++) {
                        writer.write(minutes("concurrent", m, 1, 50));
                    }
                }));
            }
            for (Future<?> w : writers) {
                w.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            replays.get(60, TimeUnit.SECONDS);
            writer.replayPending();

            assertEquals(0, writer.pendingSamples());
            assertEquals(60 * 50, writer.sentSamples() + writer.replayedSamples(), "the 1,000 spooled before and the 2,000 written now");
        } finally {
            threads.shutdownNow();
        }

        List<VictoriaMetricsProcess.Series> stored = vm.export("{test=\"concurrent\"}");
        assertEquals(50, stored.size());
        for (VictoriaMetricsProcess.Series s : stored) {
            Set<Long> distinct = new HashSet<>(s.timestamps());
            assertEquals(60, s.timestamps().size(), "each minute exactly once");
            assertEquals(60, distinct.size());
        }
    }

    /** {@code devices} series, one sample per minute from {@code firstMinute}, three days ago. */
    private static List<Sample> minutes(String test, int firstMinute, int count, int devices) {
        List<Sample> samples = new ArrayList<>();
        for (int minute = firstMinute; minute < firstMinute + count; minute++) {
            for (int d = 0; d < devices; d++) {
                samples.add(new Sample("wardops_ping_up", Map.of("test", test, "device_id", Integer.toString(d)),
                        minute % 2, THREE_DAYS_AGO + minute * 60_000L));
            }
        }
        return samples;
    }

    /** Small requests, so a few thousand samples make several segments when spooled. */
    private static VictoriaMetricsSettings settings(URI base) {
        return VictoriaMetricsSettings.defaults().withBaseUri(base).withSamplesPerRequest(500);
    }

    private static VictoriaMetricsWriter writer(URI base, Path spoolDir, long maxBytes) {
        return new VictoriaMetricsWriter(settings(base), new DiskSpool(spoolDir, maxBytes));
    }

    private static long segments(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".prom.gz")).count();
        }
    }
}
