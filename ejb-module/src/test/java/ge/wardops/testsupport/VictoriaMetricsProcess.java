package ge.wardops.testsupport;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;

import java.io.IOException;
import java.io.StringReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real single-node VictoriaMetrics (the Debian package) of a test's own: loopback, a free port, a
 * temporary data directory, retention long enough for old timestamps, and queries that see new data
 * at once. Stopping and starting again keeps the port and the data, as a restart in production would.
 */
public final class VictoriaMetricsProcess implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/victoria-metrics");
    private static final Duration STARTUP = Duration.ofSeconds(30);

    /** One exported series: its labels (with __name__) and its samples, oldest first. */
    public record Series(Map<String, String> labels, List<Double> values, List<Long> timestamps) {
    }

    private final Path dataDir;
    private final Path log;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    private VictoriaMetricsProcess(Path dataDir, Path log, int port) {
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
    }

    public static VictoriaMetricsProcess startIn(Path workDir) throws IOException, InterruptedException {
        return startIn(workDir, freePort());
    }

    /** On a given port, for a server under test whose configuration names it before the test starts. */
    public static VictoriaMetricsProcess startIn(Path workDir, int port) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(BINARY), "install VictoriaMetrics: apt-get install -y victoria-metrics");
        Files.createDirectories(workDir);
        VictoriaMetricsProcess vm = new VictoriaMetricsProcess(workDir.resolve("vmdata"), workDir.resolve("vm.log"), port);
        vm.start();
        return vm;
    }

    /** A port nobody listens on, for a VictoriaMetrics that is not there at all. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-httpListenAddr=127.0.0.1:" + port,
                "-storageDataPath=" + dataDir, "-retentionPeriod=100y", "-search.latencyOffset=0s", "-search.disableCache",
                "-loggerLevel=ERROR")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("VictoriaMetrics exited " + process.exitValue() + ": " + Files.readString(log));
            }
            // Another instance on the port would answer /health too; /flags names our data directory.
            if (get("/health").equals("OK") && get("/flags").contains("\"" + dataDir + "\"")) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("VictoriaMetrics did not answer within " + STARTUP + ": " + Files.readString(log));
    }

    /** A clean stop, so the data is on disk for the next start. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Makes everything imported so far visible to queries (normally up to a second later). */
    public void forceFlush() {
        get("/internal/force_flush");
    }

    /** Every raw sample of the series matching {@code selector}, with VictoriaMetrics' exact timestamps. */
    public List<Series> export(String selector) {
        forceFlush();
        String body = post("/api/v1/export", "match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8));
        List<Series> series = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try (JsonReader reader = Json.createReader(new StringReader(line))) {
                JsonObject o = reader.readObject();
                Map<String, String> labels = new TreeMap<>();
                o.getJsonObject("metric").forEach((k, v) -> labels.put(k, ((jakarta.json.JsonString) v).getString()));
                series.add(new Series(labels,
                        o.getJsonArray("values").getValuesAs(jakarta.json.JsonNumber.class).stream().map(n -> n.doubleValue()).toList(),
                        o.getJsonArray("timestamps").getValuesAs(jakarta.json.JsonNumber.class).stream().map(n -> n.longValue()).toList()));
            }
        }
        return series;
    }

    /**
     * Import requests VictoriaMetrics has received on its Prometheus import path, from its own
     * /metrics. That page is a snapshot renewed once a second (measured on 1.79.5), so wait past one.
     */
    public long importRequests() throws InterruptedException {
        return requests("/api/v1/import/prometheus");
    }

    /** Range queries VictoriaMetrics has answered since it started (a reader's cache hit adds none). */
    public long queryRangeRequests() throws InterruptedException {
        return requests("/api/v1/query_range");
    }

    /** Instant queries VictoriaMetrics has answered since it started (availability reads; a cache hit adds none). */
    public long queryRequests() throws InterruptedException {
        return requests("/api/v1/query");
    }

    private long requests(String path) throws InterruptedException {
        Thread.sleep(1_200);
        Matcher m = Pattern.compile("(?m)^vm_http_requests_total\\{path=\"" + Pattern.quote(path) + "\"[^}]*} (\\d+)$")
                .matcher(get("/metrics"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private String get(String path) {
        return call(HttpRequest.newBuilder(baseUri().resolve(path)).timeout(Duration.ofSeconds(10)).GET().build());
    }

    private String post(String path, String form) {
        return call(HttpRequest.newBuilder(baseUri().resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private String call(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode() + ": " + r.body();
        } catch (IOException e) {
            return "unreachable: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
