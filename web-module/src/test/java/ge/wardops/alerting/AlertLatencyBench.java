package ge.wardops.alerting;

import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.FeedClient;
import ge.wardops.testing.Http;
import ge.wardops.testing.Percentiles;
import ge.wardops.testing.LiveList;
import ge.wardops.testing.TestFleet;
import ge.wardops.testsupport.Loopback;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static ge.wardops.testing.Waits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Not a test of the normal run (its name does not end in IT): the alert latency benchmark that
 * deployment/bench/alerts runs with {@code -Dit.test=AlertLatencyBench}. In the real server, N loopback
 * devices (127.92.250.x) go dark at once; for each one it measures the time from the state change
 * (the DOWN row's changed_at: when the round's fping run began, so this includes fping waiting out
 * the lost packets' timeout) to the FIRING delta arriving on a /api/v1/ws/alerts client, and from the
 * engine's write transaction (alerts.created_at) to the client; then the same for RESOLVED when they
 * answer again. Writes one JSON
 * line to {@code bench.out} (default target/alert-latency.json).
 */
@ExtendWith(ArquillianExtension.class)
class AlertLatencyBench {

    private static final String RANGE = "127.92.250.0/24";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    @Test
    void latencyFromStateChangeToTheWebSocketClient() throws Exception {
        Loopback.assumeRoot();
        int n = Integer.getInteger("bench.devices", 100);
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String run = Deployments.unique();
        long region = TestFleet.region(admin, "Latency " + run, "LT" + run);
        long branch = TestFleet.branch(admin, region, "Latency branch " + run, "LB" + run);
        Map<String, Long> deviceOf = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            long id = TestFleet.device(admin, "{\"name\":\"lat-" + i + "-" + run + "\",\"ip\":\"127.92.250." + i
                    + "\",\"type\":\"ATM\",\"branchId\":" + branch + "}").getJsonNumber("id").longValue();
            deviceOf.put("device:" + id, id);
        }
        assertEquals(201, admin.postJson("api/v1/alert-rules", "{\"name\":\"Latency " + run + "\",\"kind\":\"DEVICE_DOWN\","
                + "\"scopeType\":\"REGION\",\"scopeValue\":\"" + region + "\",\"severity\":\"MAJOR\"}").status());
        assertTrue(eventually(Duration.ofSeconds(60), () -> deviceOf.values().stream().allMatch(d -> "UP".equals(LiveList.status(admin, d)))));

        List<Long> firing;
        List<Long> fromWrite;
        List<Long> resolved;
        try (FeedClient feed = FeedClient.connect(base, "api/v1/ws/alerts", "admin", Deployments.ADMIN_PASSWORD).get(20, TimeUnit.SECONDS)) {
            assertEquals("snapshot", feed.next(Duration.ofSeconds(10)).type());
            Loopback.takeOutOfService(RANGE);
            Map<Long, Long> fired;
            try {
                fired = collect(feed, "FIRING", deviceOf, Duration.ofSeconds(60));
            } finally {
                Loopback.restoreService(RANGE);
            }
            Map<Long, Long> cleared = collect(feed, "RESOLVED", deviceOf, Duration.ofSeconds(60));
            firing = latencies(fired, "DOWN");
            fromWrite = sinceWrite(fired);
            resolved = latencies(cleared, "UP");
        } finally {
            Loopback.restoreService(RANGE);
        }
        String line = String.format(Locale.ROOT, "{\"devices\":%d,\"firing_received\":%d,\"firing_p50_ms\":%d,\"firing_p95_ms\":%d,"
                        + "\"firing_max_ms\":%d,\"write_to_client_p50_ms\":%d,\"write_to_client_p95_ms\":%d,\"write_to_client_max_ms\":%d,"
                        + "\"resolved_received\":%d,\"resolved_p50_ms\":%d,\"resolved_p95_ms\":%d,\"resolved_max_ms\":%d}",
                n, firing.size(), Percentiles.of(firing, 50), Percentiles.of(firing, 95), Percentiles.of(firing, 100),
                Percentiles.of(fromWrite, 50), Percentiles.of(fromWrite, 95), Percentiles.of(fromWrite, 100), resolved.size(),
                Percentiles.of(resolved, 50), Percentiles.of(resolved, 95), Percentiles.of(resolved, 100));
        Files.writeString(Path.of(System.getProperty("bench.out", "target/alert-latency.json")), line + "\n");
        System.out.println("ALERT-LATENCY " + line);
        assertEquals(n, firing.size(), "every device's alert arrived");
        assertEquals(n, resolved.size(), "every device's resolution arrived");
    }

    /** When each subject's {@code kind} delta arrived (epoch ms), by device. */
    private static Map<Long, Long> collect(FeedClient feed, String kind, Map<String, Long> deviceOf, Duration limit) throws InterruptedException {
        Map<Long, Long> at = new HashMap<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (at.size() < deviceOf.size() && System.nanoTime() < deadline) {
            FeedClient.Message m = feed.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m == null) {
                continue;
            }
            if (m.type().equals("snapshot")) {
                // After a resync (a client too slow for its queue) the open alerts arrive as a snapshot.
                if (kind.equals("FIRING")) {
                    for (var v : m.json().getJsonArray("alerts")) {
                        Long device = deviceOf.get(((JsonObject) v).getString("subjectKey"));
                        if (device != null) {
                            at.putIfAbsent(device, m.receivedAtMillis());
                        }
                    }
                }
                continue;
            }
            if (!m.type().equals("delta")) {
                continue;
            }
            for (var v : m.json().getJsonArray("changes")) {
                JsonObject c = (JsonObject) v;
                Long device = deviceOf.get(c.getJsonObject("alert").getString("subjectKey"));
                if (device != null && c.getString("kind").equals(kind)) {
                    at.putIfAbsent(device, m.receivedAtMillis());
                }
            }
        }
        return at;
    }

    /** Received minus the state change's changed_at, per device, sorted. */
    private static List<Long> latencies(Map<Long, Long> received, String toState) {
        List<Long> out = new ArrayList<>();
        received.forEach((device, at) -> {
            long changed = Database.count("SELECT (extract(epoch FROM changed_at) * 1000)::bigint FROM device_state_changes "
                    + "WHERE device_id = ? AND to_state = ? ORDER BY id DESC LIMIT 1", device, toState);
            out.add(at - changed);
        });
        Collections.sort(out);
        return out;
    }

    /** Received minus the start of the engine's write transaction (alerts.created_at = now() of that transaction). */
    private static List<Long> sinceWrite(Map<Long, Long> received) {
        List<Long> out = new ArrayList<>();
        received.forEach((device, at) -> out.add(at - Database.count("SELECT (extract(epoch FROM created_at) * 1000)::bigint FROM alerts "
                + "WHERE device_id = ? ORDER BY id DESC LIMIT 1", device)));
        Collections.sort(out);
        return out;
    }
}
