package ge.wardops.history;

import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import ge.wardops.testing.TestVictoriaMetrics;
import ge.wardops.testsupport.VictoriaMetricsProcess;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static ge.wardops.testing.Waits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /api/v1/devices/{id}/history against a real VictoriaMetrics fed by the server's own probes
 * (every 2 s in tests): the series, the range rules, the cache and single-flight (counted on
 * VictoriaMetrics' own request counter), and the circuit breaker while VictoriaMetrics is stopped
 * (its delay is 2 s in arquillian.xml). The outage test runs last.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceHistoryIT {

    private static VictoriaMetricsProcess vm;
    private static long device;
    /** Each use a step of its own, so a range key no earlier request cached. */
    private static final AtomicInteger FRESH_STEP = new AtomicInteger(60);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void startVictoriaMetrics() throws Exception {
        vm = TestVictoriaMetrics.startFresh();
    }

    @AfterAll
    static void stopVictoriaMetrics() throws Exception {
        if (vm != null) {
            vm.close();
        }
    }

    private Http admin() {
        return Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
    }

    /** One answering device per class run, created on first use, with samples already in VictoriaMetrics. */
    private long probedDevice(Http admin) throws InterruptedException {
        if (device == 0) {
            String run = Deployments.unique();
            long region = TestFleet.region(admin, "History " + run, "HR" + run);
            long branch = TestFleet.branch(admin, region, "History branch " + run, "HB" + run);
            device = TestFleet.device(admin, "{\"name\":\"hist-" + run + "\",\"ip\":\"" + Deployments.net() + "1"
                    + "\",\"type\":\"ROUTER\",\"branchId\":" + branch + "}").getJsonNumber("id").longValue();
            assertTrue(eventually(Duration.ofSeconds(30),
                            () -> !vm.export("wardops_ping_rtt_ms{device_id=\"" + device + "\"}").isEmpty()
                                    && !vm.export("wardops_ping_up{device_id=\"" + device + "\"}").isEmpty()),
                    "the device is probed and its samples reach VictoriaMetrics");
        }
        return device;
    }

    private static String freshRange() {
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return "from=" + to.minus(Duration.ofHours(1)) + "&to=" + to + "&step=" + FRESH_STEP.getAndIncrement();
    }

    @Test
    @Order(1)
    void aDayOfHistoryHasRttAndFullAvailabilityAndASecondIdenticalRequestIsACacheHit() throws Exception {
        Http admin = admin();
        long id = probedDevice(admin);

        Http.Answer day = admin.get("api/v1/devices/" + id + "/history?time_range=24h");
        assertEquals(200, day.status(), day.toString());
        JsonObject h = day.json();
        assertEquals(id, h.getJsonNumber("deviceId").longValue());
        assertEquals(300, h.getInt("stepSeconds"), "24h is read in 5 minute steps");
        assertFalse(h.getJsonArray("rttMs").isEmpty(), h.toString());
        assertFalse(h.getJsonArray("lossPercent").isEmpty(), h.toString());
        JsonArray availability = h.getJsonArray("availabilityPercent");
        assertFalse(availability.isEmpty(), h.toString());
        for (JsonValue point : availability) {
            assertEquals(100.0, point.asJsonArray().getJsonNumber(1).doubleValue(), "a device that always answered: " + h);
        }
        assertTrue(h.getJsonArray("rttMs").getJsonArray(0).getJsonNumber(0).longValue() > 1_000_000_000_000L, "epoch millis");

        // Identical again: no query reaches VictoriaMetrics. A 5 minute boundary passed in between would make a new key; then once more.
        boolean hit = false;
        for (int attempt = 0; attempt < 2 && !hit; attempt++) {
            Http.Answer first = admin.get("api/v1/devices/" + id + "/history?time_range=24h");
            long before = vm.queryRangeRequests();
            Http.Answer again = admin.get("api/v1/devices/" + id + "/history?time_range=24h");
            long after = vm.queryRangeRequests();
            assertEquals(200, again.status(), again.toString());
            hit = first.json().getString("to").equals(again.json().getString("to")) && after == before;
        }
        assertTrue(hit, "the second identical request was answered from the cache");

        Http.Answer week = admin.get("api/v1/devices/" + id + "/history?time_range=7d");
        assertEquals(200, week.status(), week.toString());
        assertEquals(900, week.json().getInt("stepSeconds"), "7d is read in 15 minute steps");

        URL root = base;
        String metrics = Http.anonymous(root).get(root.getProtocol() + "://" + root.getHost() + ":" + root.getPort() + "/metrics").body();
        assertTrue(metrics.contains("wardops_history_cache_hits"), "hit counter in /metrics");
        assertTrue(metrics.contains("wardops_history_cache_misses"), "miss counter in /metrics");
    }

    @Test
    @Order(2)
    void badRangesAre400AndUnknownOrOtherRegionsDevicesAre404() throws Exception {
        Http admin = admin();
        long id = probedDevice(admin);
        String path = "api/v1/devices/" + id + "/history?";
        assertProblem(400, admin.get(path + "time_range=1y"), "time_range");
        assertProblem(400, admin.get(path + "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z"), "before");
        assertProblem(400, admin.get(path + "from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"), "before");
        assertProblem(400, admin.get(path + "time_range=24h&step=1"), "too fine");
        assertProblem(400, admin.get(path + "from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"), "400 days");
        assertProblem(400, admin.get(path + "from=yesterday"), "ISO-8601");
        assertProblem(404, admin.get("api/v1/devices/987654321987/history"), "");

        String run = Deployments.unique();
        long otherRegion = TestFleet.region(admin, "History other " + run, "HO" + run);
        String password = "Viewer-password-" + run;
        assertEquals(201, admin.postJson("api/v1/users", "{\"username\":\"hist-" + run + "\",\"password\":\"" + password
                + "\",\"roles\":[\"regional_manager\"],\"regionIds\":[" + otherRegion + "]}").status());
        Http stranger = Http.anonymous(base).as("hist-" + run, password);
        assertProblem(404, stranger.get(path + "time_range=24h"), "");
    }

    @Test
    @Order(3)
    void tenConcurrentIdenticalRequestsCostOneQuery() throws Exception {
        Http admin = admin();
        String path = "api/v1/devices/" + probedDevice(admin) + "/history?" + freshRange();
        long before = vm.queryRangeRequests();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return admin.get(path);
                }));
            }
            go.countDown();
            for (Future<Http.Answer> a : answers) {
                assertEquals(200, a.get().status(), a.get().toString());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 1, vm.queryRangeRequests(), "one VictoriaMetrics query for ten identical requests");
    }

    @Test
    @Order(4)
    void withoutVictoriaMetricsTheAnswerIsAFast503AndHistoryComesBackAfterTheBreakersDelay() throws Exception {
        Http admin = admin();
        long id = probedDevice(admin);
        vm.stop();
        try {
            for (int i = 0; i < 6; i++) {
                long started = System.nanoTime();
                Http.Answer down = admin.get("api/v1/devices/" + id + "/history?" + freshRange());
                long millis = (System.nanoTime() - started) / 1_000_000;
                assertProblem(503, down, "history is unavailable: VictoriaMetrics does not answer");
                assertTrue(millis < 5_000, "fast, not hanging: " + millis + " ms");
            }
        } finally {
            vm.start();
        }
        assertTrue(eventually(Duration.ofSeconds(30),
                        () -> admin.get("api/v1/devices/" + id + "/history?" + freshRange()).status() == 200),
                "history answers again once VictoriaMetrics is back and the breaker's delay passed");
    }

    private static void assertProblem(int status, Http.Answer answer, String detailContains) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.toString());
        assertTrue(answer.json().getString("detail").contains(detailContains), answer.toString());
    }
}
