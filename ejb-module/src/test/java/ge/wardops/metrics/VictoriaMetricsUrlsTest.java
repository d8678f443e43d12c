package ge.wardops.metrics;

import ge.wardops.testsupport.VictoriaMetricsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code wardops.vm.insert-url} and {@code wardops.vm.select-url} against a real single-node
 * VictoriaMetrics, which answers its Prometheus API under {@code /prometheus} as well: each is a
 * prefix before {@code /api/v1/...} (as a cluster's {@code /insert/0/prometheus} and
 * {@code /select/0/prometheus} are), and writes go only to the one, reads only to the other.
 */
class VictoriaMetricsUrlsTest {

    @TempDir
    static Path work;
    private static VictoriaMetricsProcess vm;
    /** A loopback port nobody listens on. */
    private static URI nowhere;

    @BeforeAll
    static void startVictoriaMetrics() throws Exception {
        vm = VictoriaMetricsProcess.startIn(work);
        nowhere = URI.create("http://127.0.0.1:" + VictoriaMetricsProcess.freePort());
    }

    @AfterAll
    static void stopIt() throws Exception {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void bothDefaultToTheOneUrl() {
        MetricsSettings s = settings(Optional.of(vm.baseUri().toString()), Optional.empty(), Optional.empty());
        assertEquals(vm.baseUri(), s.insertUrl());
        assertEquals(vm.baseUri(), s.selectUrl());
        assertEquals(URI.create(vm.baseUri() + "/api/v1/import/prometheus"), s.writer().importUri());
        MetricsSettings none = settings(Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals(URI.create("http://127.0.0.1:8428"), none.insertUrl());
        assertEquals(URI.create("http://127.0.0.1:8428"), none.selectUrl());
    }

    @Test
    void thePathOfAPrefixIsKept() {
        assertEquals(URI.create("http://vminsert:8480/insert/0/prometheus/api/v1/import/prometheus"),
                VictoriaMetricsSettings.under(URI.create("http://vminsert:8480/insert/0/prometheus/"), "/api/v1/import/prometheus"));
        assertEquals(URI.create("http://vmselect:8481/select/0/prometheus/api/v1/query_range"),
                VictoriaMetricsSettings.under(URI.create("http://vmselect:8481/select/0/prometheus"), "/api/v1/query_range"));
    }

    @Test
    void writesGoThroughTheInsertPrefixAndReadsThroughTheSelectUrlOnly() throws Exception {
        // insert under /prometheus, select plain: what was written through the one is read through the other
        MetricsSettings s = settings(Optional.of(nowhere.toString()), Optional.of(vm.baseUri() + "/prometheus"),
                Optional.of(vm.baseUri().toString()));
        long now = System.currentTimeMillis() / 1000 * 1000;
        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(s.writer(), new DiskSpool(work.resolve("spool-a"), DiskSpool.DEFAULT_MAX_BYTES))) {
            writer.write(List.of(new Sample("wardops_urls_test", Map.of("side", "insert-prefix"), 42.0, now)));
            assertEquals(1, writer.sentSamples(), "sent to the insert prefix, not to wardops.vm.url (nothing there)");
            assertEquals(0, writer.spooledSamples());
        }
        List<VictoriaMetricsReader.Series> read = awaitOne(s.reader(), "wardops_urls_test{side=\"insert-prefix\"}", now);
        assertEquals(1, read.size(), read.toString());
        assertEquals(42.0, read.get(0).points().get(0).value());

        // the select side elsewhere (nothing there): the same query fails, the writes still arrive
        MetricsSettings readsNowhere = settings(Optional.empty(), Optional.of(vm.baseUri() + "/prometheus"), Optional.of(nowhere.toString()));
        assertThrows(VictoriaMetricsUnavailableException.class,
                () -> readsNowhere.reader().instant("wardops_urls_test{side=\"insert-prefix\"}", now / 1000));
    }

    @Test
    void readsGoThroughTheSelectPrefixAndWritesThroughThePlainInsertUrl() throws Exception {
        MetricsSettings s = settings(Optional.of(nowhere.toString()), Optional.of(vm.baseUri().toString()),
                Optional.of(vm.baseUri() + "/prometheus"));
        long now = System.currentTimeMillis() / 1000 * 1000;
        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(s.writer(), new DiskSpool(work.resolve("spool-b"), DiskSpool.DEFAULT_MAX_BYTES))) {
            writer.write(List.of(new Sample("wardops_urls_test", Map.of("side", "select-prefix"), 7.0, now)));
            assertEquals(1, writer.sentSamples());
        }
        List<VictoriaMetricsReader.Series> read = awaitOne(s.reader(), "wardops_urls_test{side=\"select-prefix\"}", now);
        assertEquals(1, read.size(), read.toString());
        assertEquals(7.0, read.get(0).points().get(0).value());

        // the insert side elsewhere (nothing there): the samples wait in the spool, none reaches VictoriaMetrics
        MetricsSettings writesNowhere = settings(Optional.empty(), Optional.of(nowhere.toString()), Optional.of(vm.baseUri() + "/prometheus"));
        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(writesNowhere.writer(),
                new DiskSpool(work.resolve("spool-c"), DiskSpool.DEFAULT_MAX_BYTES))) {
            writer.write(List.of(new Sample("wardops_urls_test", Map.of("side", "spooled"), 1.0, now)));
            assertEquals(0, writer.sentSamples());
            assertEquals(1, writer.spooledSamples());
        }
        vm.forceFlush();
        awaitOne(writesNowhere.reader(), "wardops_urls_test{side=\"select-prefix\"}", now);
        assertEquals(List.of(), writesNowhere.reader().instant("wardops_urls_test{side=\"spooled\"}", now / 1000));
        assertEquals(List.of(), vm.export("wardops_urls_test{side=\"spooled\"}"));
    }

    /**
     * The query's answer once it has one series: a new series becomes searchable shortly after
     * the import is flushed (bounded: 15 s), then the answer as it is.
     */
    private static List<VictoriaMetricsReader.Series> awaitOne(VictoriaMetricsReader reader, String query, long atMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        List<VictoriaMetricsReader.Series> read;
        do {
            vm.forceFlush();
            read = reader.instant(query, atMillis / 1000);
            if (read.size() == 1) {
                return read;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return read;
    }

    private static MetricsSettings settings(Optional<String> url, Optional<String> insert, Optional<String> select) {
        MetricsSettings s = new MetricsSettings();
        s.url = url;
        s.insertUrl = insert;
        s.selectUrl = select;
        s.readConnectTimeoutMs = Optional.of(2_000L);
        s.readRequestTimeoutMs = Optional.of(5_000L);
        return s;
    }
}
