package ge.wardops.history;

import ge.wardops.testing.Deployments;
import ge.wardops.testing.FeedClient;
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

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static ge.wardops.testing.Waits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read path against a real VictoriaMetrics fed by the server's own probes (every 2 s in tests):
 * device history (the series, the range rules, the cache with its TTL and single-flight, counted on
 * VictoriaMetrics' own request counters), device detail with live status, the paged live list,
 * branch and region summaries with availability, regional scoping of every read endpoint, and the
 * circuit breakers while VictoriaMetrics is stopped (delays 2 s, cache TTLs 5 s in arquillian.xml).
 * The outage test runs last.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeviceHistoryIT {

    private static VictoriaMetricsProcess vm;
    private static long device;
    private static long deviceRegion;
    private static long deviceBranch;
    private static String deviceName;
    /** The cache TTL of ranges ending now and of availability in arquillian.xml. */
    private static final Duration TTL = Duration.ofSeconds(5);
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
            deviceRegion = region;
            deviceBranch = branch;
            deviceName = "hist-" + run;
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

        // The kept answer: an ETag (304 for a client that has it) and its gzip form with the same JSON inside.
        // The entry lives 5 s here and new samples arrive every 2 s, so a pair may straddle two entries; then again.
        String path = "api/v1/devices/" + id + "/history?time_range=24h";
        boolean notModified = false;
        boolean zippedSame = false;
        for (int attempt = 0; attempt < 5 && !(notModified && zippedSame); attempt++) {
            Http.Answer plain = admin.get(path);
            String tag = plain.header("ETag");
            assertTrue(tag != null && !tag.isBlank(), "history answers with an ETag: " + plain);
            HttpResponse<byte[]> cached = historyGzip(path, tag);
            if (cached.statusCode() == 304) {
                assertEquals(tag, cached.headers().firstValue("ETag").orElse(null), "304 names the tag");
                notModified = true;
            } else {
                assertEquals(200, cached.statusCode(), "a changed answer is sent again");
            }
            HttpResponse<byte[]> zipped = historyGzip(path, null);
            assertEquals(200, zipped.statusCode());
            assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""), zipped.headers().toString());
            if (tag.equals(zipped.headers().firstValue("ETag").orElse(null))) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                    assertEquals(plain.body(), new String(in.readAllBytes(), StandardCharsets.UTF_8), "one ETag, the same JSON inside");
                }
                zippedSame = true;
            }
        }
        assertTrue(notModified, "If-None-Match with the current tag got 304");
        assertTrue(zippedSame, "the gzip form carries the same JSON under the same tag");

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
        TestFleet.regionalManager(admin, "hist-" + run, password, otherRegion);
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
    void aMissIsOneQueryAnIdenticalRequestWithinTheTtlIsNoneAndAfterTheTtlItIsOneAgain() throws Exception {
        Http admin = admin();
        String path = "api/v1/devices/" + probedDevice(admin) + "/history?" + freshRange();
        long hitsBefore = appCounter("wardops_history_cache_hits");
        long missesBefore = appCounter("wardops_history_cache_misses");
        long start = vm.queryRangeRequests();
        assertEquals(200, admin.get(path).status());
        assertEquals(200, admin.get(path).status());
        long afterTwo = vm.queryRangeRequests();
        assertEquals(start + 1, afterTwo, "a miss asks VictoriaMetrics once, the identical second request is a hit");
        assertEquals(hitsBefore + 1, appCounter("wardops_history_cache_hits"), "one hit counted");
        assertEquals(missesBefore + 1, appCounter("wardops_history_cache_misses"), "one miss counted");

        Thread.sleep(TTL.plusSeconds(1).toMillis());
        assertEquals(200, admin.get(path).status());
        assertEquals(afterTwo + 1, vm.queryRangeRequests(), "after the TTL the entry is gone: VictoriaMetrics is asked again");
    }

    @Test
    @Order(5)
    void deviceDetailCarriesItsLiveStatusBesideTheInventoryRecord() throws Exception {
        Http admin = admin();
        long id = probedDevice(admin);
        assertTrue(eventually(Duration.ofSeconds(20), () -> "UP".equals(admin.get("api/v1/devices/" + id).json()
                .getJsonObject("live").getString("status"))), "the detail shows the live status");
        JsonObject d = admin.get("api/v1/devices/" + id).json();
        assertEquals(deviceName, d.getString("name"), "the inventory fields are still at the top level");
        assertEquals(deviceRegion, d.getJsonNumber("regionId").longValue());
        assertTrue(d.containsKey("version"), d.toString());
        JsonObject live = d.getJsonObject("live");
        assertTrue(live.getJsonNumber("rttMs").doubleValue() >= 0, live.toString());
        assertEquals(0.0, live.getJsonNumber("lossPercent").doubleValue(), live.toString());
        Instant lastProbe = Instant.parse(live.getString("lastProbe"));
        assertTrue(lastProbe.isAfter(Instant.now().minusSeconds(30)), "probed in the last rounds: " + live);
        assertTrue(Instant.parse(live.getString("since")).isBefore(lastProbe.plusSeconds(1)), live.toString());
    }

    @Test
    @Order(6)
    void thePagedLiveListFiltersSortsPagesAndCountsAndRefusesBadParameters() throws Exception {
        Http admin = admin();
        long id = probedDevice(admin);
        String run = Deployments.unique();
        long[] extra = new long[3];
        for (int i = 0; i < extra.length; i++) {
            extra[i] = TestFleet.device(admin, "{\"name\":\"page-" + run + "-" + i + "\",\"ip\":\"" + Deployments.net() + (10 + i)
                    + "\",\"type\":\"SWITCH\",\"branchId\":" + deviceBranch + ",\"enabled\":" + (i < 2) + "}").getJsonNumber("id").longValue();
        }
        String base = "api/v1/devices/standalone/page?region=" + deviceRegion;
        JsonObject all = admin.get(base + "&size=2&sort=name").json();
        assertEquals(4, all.getInt("total"), all.toString());
        assertEquals(2, all.getJsonArray("items").size(), "a page of two");
        assertEquals(1, all.getInt("page"));
        JsonObject second = admin.get(base + "&size=2&page=2&sort=name").json();
        List<Long> seen = new ArrayList<>();
        all.getJsonArray("items").forEach(v -> seen.add(v.asJsonObject().getJsonNumber("id").longValue()));
        second.getJsonArray("items").forEach(v -> seen.add(v.asJsonObject().getJsonNumber("id").longValue()));
        assertEquals(List.of(id, extra[0], extra[1], extra[2]), seen, "by name ('hist-' before 'page-'), pages without overlap");
        JsonObject desc = admin.get(base + "&size=1&sort=name&order=desc").json();
        assertEquals(extra[2], desc.getJsonArray("items").getJsonObject(0).getJsonNumber("id").longValue(), desc.toString());

        assertEquals(3, admin.get(base + "&type=switch&q=PAGE-" + run).json().getInt("total"), "type and text (ignoring case) filter");
        assertEquals(List.of(id), ids(admin.get(base + "&type=router").json().getJsonArray("items")), "type filter");
        JsonObject disabled = admin.get(base + "&status=disabled").json();
        assertEquals(1, disabled.getInt("total"), disabled.toString());
        assertEquals(extra[2], disabled.getJsonArray("items").getJsonObject(0).getJsonNumber("id").longValue());
        assertTrue(eventually(Duration.ofSeconds(20), () -> admin.get(base + "&status=up").json().getInt("total") == 3),
                "the enabled devices are probed and UP");
        assertEquals(1, admin.get("api/v1/devices/standalone/page?branch=" + deviceBranch + "&q=hist-").json().getInt("total"));
        assertEquals(0, admin.get(base + "&status=down").json().getInt("total"));
        assertEquals(0, admin.get(base + "&page=3&size=2").json().getJsonArray("items").size(), "past the end: empty, total still 4");
        assertTrue(admin.get("api/v1/devices/standalone/list").status() == 200
                && admin.get("api/v1/devices/standalone/list").body().startsWith("["), "the plain path keeps the seed's array");

        // The plain list once more, as a browser asks for it: the gzip form the server keeps, the same JSON inside.
        // A probe round (every 2 s here) between the two requests changes the list; then both are asked again.
        boolean same = false;
        for (int attempt = 0; attempt < 5 && !same; attempt++) {
            Http.Answer plain = admin.get("api/v1/devices/standalone/list");
            HttpResponse<byte[]> zipped = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(this.base + "api/v1/devices/standalone/list"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + Deployments.ADMIN_PASSWORD)
                            .getBytes(StandardCharsets.UTF_8)))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, zipped.statusCode());
            assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""), zipped.headers().toString());
            if (plain.header("ETag").equals(zipped.headers().firstValue("ETag").orElse(null))) {
                try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
                    assertEquals(plain.body(), new String(in.readAllBytes(), StandardCharsets.UTF_8), "one ETag, the same JSON inside");
                }
                same = true;
            }
        }
        assertTrue(same, "two requests between the same rounds got the same ETag");

        assertProblem(400, admin.get(base + "&size=0"), "size");
        assertProblem(400, admin.get(base + "&size=1001"), "size");
        assertProblem(400, admin.get(base + "&page=0"), "page");
        assertProblem(400, admin.get(base + "&sort=colour"), "sort");
        assertProblem(400, admin.get(base + "&order=sideways"), "order");
        assertProblem(400, admin.get(base + "&status=sideways"), "status");
        assertProblem(400, admin.get(base + "&type=toaster"), "type");
    }

    @Test
    @Order(7)
    void branchAndRegionSummariesCountLiveAndShowAvailabilityFromOneCachedQuery() throws Exception {
        Http admin = admin();
        probedDevice(admin);
        assertTrue(eventually(Duration.ofSeconds(20), () -> {
            JsonObject b = admin.get("api/v1/branches/" + deviceBranch + "/summary").json();
            return b.getJsonObject("counts").getInt("up") >= 1 && b.containsKey("availabilityPercent");
        }), "the branch's devices are UP and have availability");
        JsonObject branch = admin.get("api/v1/branches/" + deviceBranch + "/summary?time_range=24h").json();
        assertEquals("24h", branch.getString("timeRange"));
        assertFalse(branch.getBoolean("degraded"));
        assertEquals(deviceRegion, branch.getJsonNumber("regionId").longValue());
        assertEquals(100.0, branch.getJsonNumber("availabilityPercent").doubleValue(), "loopback always answered: " + branch);
        JsonObject counts = branch.getJsonObject("counts");
        assertEquals(counts.getInt("total"), counts.getInt("up") + counts.getInt("down") + counts.getInt("unknown")
                + counts.getInt("disabled"), counts.toString());

        // A window nobody asked for yet: the four summaries cost exactly one VictoriaMetrics query together.
        long hitsBefore = appCounter("wardops_availability_cache_hits");
        long before = vm.queryRequests();
        JsonObject region = admin.get("api/v1/regions/" + deviceRegion + "/summary?time_range=7d").json();
        JsonObject regions = admin.get("api/v1/regions/summary?time_range=7d").json();
        JsonObject branches = admin.get("api/v1/branches/summary?time_range=7d&region=" + deviceRegion).json();
        JsonObject oneBranch = admin.get("api/v1/branches/" + deviceBranch + "/summary?time_range=7d").json();
        assertEquals(before + 1, vm.queryRequests(), "one instant query for four summaries of one window");
        assertEquals(100.0, region.getJsonNumber("availabilityPercent").doubleValue(), region.toString());
        assertEquals("7d", regions.getString("timeRange"));
        assertTrue(regions.getJsonArray("items").stream().anyMatch(r -> r.asJsonObject().getJsonNumber("id").longValue() == deviceRegion),
                regions.toString());
        assertEquals(1, branches.getJsonArray("items").size(), "the region's one branch: " + branches);
        assertEquals(oneBranch.getJsonObject("counts"), branches.getJsonArray("items").getJsonObject(0).getJsonObject("counts"));
        assertEquals(hitsBefore + 3, appCounter("wardops_availability_cache_hits"), "three of the four were cache hits");

        // The collection summaries are kept as bytes per version (scope, inventory, states, availability read): the
        // same answer again is 304 for its tag, and a change to what they are made of shows at once.
        String path = "api/v1/branches/summary?time_range=7d&region=" + deviceRegion;
        Http.Answer kept = admin.get(path);
        String tag = kept.header("ETag");
        assertTrue(tag != null && !tag.isBlank(), "the summaries answer with an ETag: " + kept);
        Http.Answer same = admin.send(admin.request(path).header("If-None-Match", tag));
        boolean unchanged = same.status() == 304;
        if (!unchanged) {
            // A probe round (every 2 s here) may have moved the states between the two requests: then a new answer.
            assertEquals(200, same.status(), same.toString());
            unchanged = admin.send(admin.request(path).header("If-None-Match", same.header("ETag"))).status() == 304;
        }
        assertTrue(unchanged, "If-None-Match with the current tag got 304");
        int total = kept.json().getJsonArray("items").getJsonObject(0).getJsonObject("counts").getInt("total");
        TestFleet.device(admin, "{\"name\":\"summary-" + Deployments.unique() + "\",\"ip\":\"" + Deployments.net() + "1"
                + "\",\"type\":\"SWITCH\",\"branchId\":" + deviceBranch + "}");
        assertTrue(eventually(Duration.ofSeconds(10), () -> admin.get(path).json().getJsonArray("items").getJsonObject(0)
                .getJsonObject("counts").getInt("total") == total + 1), "a device added to the branch is counted in the kept answer");

        assertProblem(400, admin.get("api/v1/branches/" + deviceBranch + "/summary?time_range=1y"), "time_range");
        assertProblem(400, admin.get("api/v1/regions/summary?time_range=forever"), "time_range");
        assertProblem(404, admin.get("api/v1/branches/987654321987/summary"), "does not exist");
        assertProblem(404, admin.get("api/v1/regions/987654321987/summary"), "does not exist");
    }

    @Test
    @Order(8)
    void aRegionalManagerReadsNothingOfAnotherRegionOnAnyReadEndpoint() throws Exception {
        Http admin = admin();
        long theirs = probedDevice(admin);
        String run = Deployments.unique();
        long myRegion = TestFleet.region(admin, "Scope mine " + run, "SM" + run);
        long myBranch = TestFleet.branch(admin, myRegion, "Scope branch " + run, "SB" + run);
        long mine = TestFleet.device(admin, "{\"name\":\"scope-" + run + "\",\"ip\":\"" + Deployments.net() + "20"
                + "\",\"type\":\"ATM\",\"branchId\":" + myBranch + "}").getJsonNumber("id").longValue();
        String password = "Manager-password-" + run;
        TestFleet.regionalManager(admin, "scope-" + run, password, myRegion);
        Http manager = Http.anonymous(base).as("scope-" + run, password);

        assertEquals(List.of(mine), ids(manager.get("api/v1/devices/standalone/list").array()), "list: only my region");
        JsonObject page = manager.get("api/v1/devices/standalone/page?size=1000").json();
        assertEquals(1, page.getInt("total"), page.toString());
        assertEquals(List.of(mine), ids(page.getJsonArray("items")), "paged list: only my region");
        assertEquals(0, manager.get("api/v1/devices/standalone/page?region=" + deviceRegion).json().getInt("total"),
                "filtering by another region finds nothing");
        assertEquals(200, manager.get("api/v1/devices/" + mine).status());
        assertProblem(404, manager.get("api/v1/devices/" + theirs), "does not exist");
        assertProblem(404, manager.get("api/v1/devices/" + theirs + "/history?time_range=24h"), "does not exist");
        JsonObject stats = manager.get("api/v1/dashboard/stats").json();
        assertEquals(1, stats.getJsonObject("totals").getInt("total"), "stats: only my device " + stats);
        assertEquals(List.of(String.valueOf(myRegion)), stats.getJsonArray("byRegion").stream()
                .map(r -> r.asJsonObject().getString("key")).toList());
        assertEquals(List.of(myBranch), ids(manager.get("api/v1/branches/summary").json().getJsonArray("items")), "branch summaries");
        assertEquals(List.of(), ids(manager.get("api/v1/branches/summary?region=" + deviceRegion).json().getJsonArray("items")));
        assertEquals(List.of(myRegion), ids(manager.get("api/v1/regions/summary").json().getJsonArray("items")), "region summaries");
        assertEquals(200, manager.get("api/v1/branches/" + myBranch + "/summary").status());
        assertProblem(404, manager.get("api/v1/branches/" + deviceBranch + "/summary"), "does not exist");
        assertProblem(404, manager.get("api/v1/regions/" + deviceRegion + "/summary"), "does not exist");

        try (FeedClient feed = FeedClient.connect(base, "scope-" + run, password).get(20, TimeUnit.SECONDS)) {
            FeedClient.Message snapshot = feed.next(Duration.ofSeconds(20));
            assertEquals("snapshot", snapshot.type());
            assertEquals(List.of(mine), ids(snapshot.json().getJsonArray("devices")), "feed snapshot: only my region");
        }
    }

    @Test
    @Order(9)
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
            // 30d is asked nowhere else, so nothing is cached: the summary still comes, with counts and without availability.
            long started = System.nanoTime();
            Http.Answer degraded = admin.get("api/v1/branches/" + deviceBranch + "/summary?time_range=30d");
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(200, degraded.status(), degraded.toString());
            assertTrue(degraded.json().getBoolean("degraded"), degraded.toString());
            assertFalse(degraded.json().containsKey("availabilityPercent"), degraded.toString());
            assertTrue(degraded.json().getJsonObject("counts").getInt("total") >= 1, degraded.toString());
            assertTrue(millis < 5_000, "fast, not hanging: " + millis + " ms");
        } finally {
            vm.start();
        }
        assertTrue(eventually(Duration.ofSeconds(30),
                        () -> admin.get("api/v1/devices/" + id + "/history?" + freshRange()).status() == 200),
                "history answers again once VictoriaMetrics is back and the breaker's delay passed");
        assertTrue(eventually(Duration.ofSeconds(30),
                        () -> !admin.get("api/v1/branches/" + deviceBranch + "/summary?time_range=30d").json().getBoolean("degraded")),
                "summaries have availability again once VictoriaMetrics is back");
    }

    private static List<Long> ids(JsonArray items) {
        return items.stream().map(v -> v.asJsonObject().getJsonNumber("id").longValue()).toList();
    }

    private String appCounterText() {
        return Http.anonymous(base).get(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/metrics").body();
    }

    /** A counter of the application's /metrics (MicroProfile Metrics adds a _total suffix in Prometheus format). */
    private long appCounter(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(_total)?(\\{[^}]*})? ([0-9.eE+]+)$").matcher(appCounterText());
        return m.find() ? (long) Double.parseDouble(m.group(3)) : 0;
    }

    private static void assertProblem(int status, Http.Answer answer, String detailContains) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.toString());
        assertTrue(answer.json().getString("detail").contains(detailContains), answer.toString());
    }

    /** A history request as a browser sends it: gzip accepted, and If-None-Match when {@code tag} is given. */
    private HttpResponse<byte[]> historyGzip(String path, String tag) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + Deployments.ADMIN_PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Accept-Encoding", "gzip");
        if (tag != null) {
            request.header("If-None-Match", tag);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
