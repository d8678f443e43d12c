package ge.wardops.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reader's HTTP conduct: what it sends, that it keeps its connection, which answers it retries.
 * The answers that the real VictoriaMetrics gives to real queries are HourlyHistoryTest's and the ITs';
 * a 503, a 400 or an answer that never comes cannot be asked of it on demand, so a JDK HTTP server on
 * loopback gives them here.
 */
class VictoriaMetricsReaderHttpTest {

    private static final String MATRIX = """
            {"status":"success","data":{"resultType":"matrix","result":[
             {"metric":{"device_id":"7"},"values":[[1795907700,"0.5"],[1795908000,"1.5"]]}]}}""";

    private HttpServer server;
    private final List<ExecutorService> handlers = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        handlers.forEach(ExecutorService::shutdownNow);
    }

    /** A server on 127.0.0.1 whose n-th answer (from 1) has the status STATUS.getAsInt() gives; 200 carries MATRIX. */
    private VictoriaMetricsReader serving(IntSupplier status, Duration delay, Duration requestTimeout) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newCachedThreadPool();
        handlers.add(executor);
        server.setExecutor(executor);
        server.createContext("/", exchange -> answer(exchange, status.getAsInt(), delay));
        server.start();
        return new VictoriaMetricsReader(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(2), requestTimeout);
    }

    private void answer(HttpExchange exchange, int status, Duration delay) throws IOException {
        requests.incrementAndGet();
        clientPorts.add(exchange.getRemoteAddress().getPort());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                + exchange.getRequestHeaders().getFirst("Content-Type") + " " + exchange.getRequestHeaders().getFirst("Content-Length")
                + " " + body);
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] out = (status == 200 ? MATRIX : "answer " + status).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    @Test
    void postsTheQueryAsAFormWithItsLengthAndKeepsTheConnection() throws IOException {
        VictoriaMetricsReader reader = serving(() -> 200, Duration.ZERO, Duration.ofSeconds(5));
        for (int i = 0; i < 3; i++) {
            List<VictoriaMetricsReader.Series> s = reader.range("up{device_id=\"7\"}", 1795900000L, 1795990000L, 300);
            assertEquals(List.of(new VictoriaMetricsReader.Point(1795907700000L, 0.5), new VictoriaMetricsReader.Point(1795908000000L, 1.5)),
                    s.get(0).points());
        }
        String form = "query=up%7Bdevice_id%3D%227%22%7D&start=1795900000&end=1795990000&step=300";
        assertEquals("POST /api/v1/query_range application/x-www-form-urlencoded " + form.length() + " " + form, seen.get(0));
        assertEquals(3, requests.get());
        assertEquals(1, clientPorts.size(), "three queries, one connection: " + clientPorts);
    }

    @Test
    void retriesWhatVictoriaMetricsCouldNotAnswerAndStopsAfterThreeAttempts() throws IOException {
        AtomicInteger n = new AtomicInteger();
        VictoriaMetricsReader recovering = serving(() -> n.incrementAndGet() == 1 ? 503 : 200, Duration.ZERO, Duration.ofSeconds(5));
        assertEquals(1, recovering.range("up", 1, 2, 1).size());
        assertEquals(2, requests.get(), "one 503, then the answer");
        server.stop(0);

        requests.set(0);
        VictoriaMetricsReader down = serving(() -> 503, Duration.ZERO, Duration.ofSeconds(5));
        VictoriaMetricsUnavailableException e = assertThrows(VictoriaMetricsUnavailableException.class, () -> down.range("up", 1, 2, 1));
        assertTrue(e.getMessage().contains("answered 503: answer 503"), e.getMessage());
        assertEquals(3, requests.get());
    }

    @Test
    void aRefusedQueryIsABugAndIsNotRetried() throws IOException {
        VictoriaMetricsReader reader = serving(() -> 400, Duration.ZERO, Duration.ofSeconds(5));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader.instant("up{", 1795907700L));
        assertTrue(e.getMessage().contains("refused the query with 400") && e.getMessage().contains("answer 400")
                && e.getMessage().contains("query up{"), e.getMessage());
        assertEquals(1, requests.get());
        assertTrue(seen.get(0).startsWith("POST /api/v1/query "), seen.get(0));
    }

    @Test
    void anAnswerThatDoesNotComeInTimeIsNotAskedForAgain() throws IOException {
        VictoriaMetricsReader reader = serving(() -> 200, Duration.ofSeconds(3), Duration.ofMillis(300));
        long t0 = System.nanoTime();
        VictoriaMetricsUnavailableException e = assertThrows(VictoriaMetricsUnavailableException.class, () -> reader.range("up", 1, 2, 1));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("no answer within PT0.3S"), e.getMessage());
        assertTrue(ms < 2500, "gave up after " + ms + " ms, not when the answer came");
        assertEquals(1, requests.get());
    }

    @Test
    void anUnreachableServerIsRetriedThenReportedUnavailable() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        VictoriaMetricsReader reader = new VictoriaMetricsReader(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(1), Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        VictoriaMetricsUnavailableException e = assertThrows(VictoriaMetricsUnavailableException.class, () -> reader.range("up", 1, 2, 1));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
        assertTrue(ms >= 300, "two backoffs (100 + 200 ms) between the three attempts, took " + ms + " ms");
    }
}
