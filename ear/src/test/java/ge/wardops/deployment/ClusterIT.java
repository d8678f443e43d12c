package ge.wardops.deployment;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.StringReader;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static ge.wardops.deployment.RunCommand.HTTP;
import static ge.wardops.deployment.RunCommand.json;
import static ge.wardops.deployment.RunCommand.send;
import static ge.wardops.deployment.RunCommand.tail;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code deployment/wardops.sh cluster up --instances 2}, for real: Payara Server's DAS with a
 * deployment group of two instances, the EAR deployed to the group, haproxy in front on the console
 * URL. One cluster for the whole class (its tests run in order on it): both instances ready; the
 * console and the API through the one URL; a WebSocket through haproxy; sticky sessions; an
 * device that stops answering raises one alert, one notice and a FIRING change on every instance's
 * feed; an instance killed with SIGKILL is taken out by haproxy and the API keeps answering within 10 s;
 * {@code cluster up} again brings it back without deploying or restarting anything else;
 * {@code cluster stop} leaves no process behind; and after it a new EAR is deployed to the group
 * before any instance starts. Ports, folders and database of its own; loopback only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    // Overridable so that two worktrees on one machine can run it at once (-Dtest.ear.cluster.port-base=...).
    private static final int PORT_BASE = Integer.getInteger("test.ear.cluster.port-base", 9200);
    private static final int INSTANCES = 2;
    private static final String LB = "http://127.0.0.1:" + (PORT_BASE + 80) + "/";
    private static final int STATS_PORT = PORT_BASE + 83;
    private static final int DEMO_DEVICES = 20;
    private static final String DATABASE = System.getProperty("test.ear.cluster.db.name", "wardops_cluster_test");
    private static final int VM_PORT = Integer.getInteger("test.ear.cluster.vm.port", 18429);
    private static final int JGROUPS_PORT = Integer.getInteger("test.ear.cluster.jgroups.port", 7800);
    private static final int TRAP_PORT = Integer.getInteger("test.ear.cluster.trap.port", 10162);
    private static final int SYSLOG_PORT = Integer.getInteger("test.ear.cluster.syslog.port", 10514);
    /** haproxy's health checks: every 2 s, down after 2 failures; the API must answer through it within this. */
    private static final Duration FAILOVER = Duration.ofSeconds(10);

    private static final Path HOME = Path.of(System.getProperty("wardops.cluster.home"));
    private static final RunCommand WARDOPS = new RunCommand(HOME, PORT_BASE, VM_PORT, DEMO_DEVICES, DATABASE, Duration.ofMinutes(30),
            Map.of("WARDOPS_CLUSTER_NAME", "wardops-cluster-it",
                    "WARDOPS_CLUSTER_PORT", String.valueOf(JGROUPS_PORT),
                    "WARDOPS_EVENTS_TRAP_PORT", String.valueOf(TRAP_PORT),
                    "WARDOPS_EVENTS_SYSLOG_PORT", String.valueOf(SYSLOG_PORT),
                    "WARDOPS_DEMO_BRANCHES", "4",
                    "WARDOPS_DEMO_SNMP_AGENTS", "0",
                    // The instances inherit the command's environment (MicroProfile Config reads it): the test's webhook receiver is on loopback.
                    "WARDOPS_NOTIFY_WEBHOOK_ALLOWED_DESTINATIONS", "127.0.0.1",
                    "WARDOPS_WAIT_SECONDS", "600",
                    "WARDOPS_ROUND_WAIT_SECONDS", "120"));

    private static String output = "";
    private static String adminPassword;
    private static long started;

    @BeforeAll
    static void startTheCluster() throws Exception {
        started = System.nanoTime();
        // State of an earlier run belongs to its database: VictoriaMetrics' series, and the audit anchors
        // (signed over the old database's rows: kept, they would make the new chain look broken)
        WARDOPS.freshStart("vmdata", "cluster-keys");
        RunCommand.Result up = WARDOPS.run("cluster", "up", "--instances", String.valueOf(INSTANCES));
        output = up.output();
        assertEquals(0, up.exit(), "cluster up failed:\n" + tail(up.output()));
        adminPassword = WARDOPS.adminPassword();
        System.out.printf("ClusterIT: cluster up took %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        WARDOPS.run("cluster", "stop");
        System.out.printf("ClusterIT: %d s in all%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
    }

    @Test
    @Order(1)
    void bothInstancesAreReadyAndHaproxySeesThemUp() throws Exception {
        for (int k = 1; k <= INSTANCES; k++) {
            HttpResponse<String> ready = send(HttpRequest.newBuilder(URI.create(instance(k) + "health/ready")).GET());
            assertEquals(200, ready.statusCode(), "i" + k + ": " + ready.body());
        }
        assertEquals(Map.of("i1", "UP", "i2", "UP"), haproxyView());
        RunCommand.Result status = WARDOPS.run("cluster", "status");
        assertEquals(0, status.exit(), status.output());
        for (int k = 1; k <= INSTANCES; k++) {
            assertTrue(Pattern.compile("instance i" + k + " +running \\(pid \\d+\\), HTTP 127\\.0\\.0\\.1:" + (PORT_BASE + 100 * k + 80)
                    + ", /health/ready -> 200, haproxy: UP").matcher(status.output()).find(), status.output());
        }
        assertTrue(output.contains("WARD OPS is running. " + DEMO_DEVICES + " devices probed") && output.contains("(by 2 instances)"),
                "the whole fleet's first round, all instances' shares: " + tail(output));
        assertTrue(output.contains(LB + "console/") && output.contains(adminPassword), "the console URL and the first login:\n" + tail(output));
    }

    @Test
    @Order(2)
    void theLoadBalancerServesTheLoginPageTheConsoleAndTheApiOnOneUrl() throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(URI.create(LB + "login.xhtml")).GET());
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("jakarta.faces.ViewState"), "the console's login form");
        JsonObject devices = json(send(WARDOPS.api("api/v1/devices?limit=1").GET()));
        assertEquals(DEMO_DEVICES, devices.getInt("total"));
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(LB + "api/v1/devices?limit=1"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:wrong-password".getBytes(StandardCharsets.UTF_8))).GET());
        assertEquals(401, refused.statusCode());
        HttpClient browser = WARDOPS.browser("admin", adminPassword);
        HttpResponse<String> console = browser.send(HttpRequest.newBuilder(URI.create(LB + "console/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, console.statusCode());
        assertTrue(console.body().contains("admin"));
    }

    @Test
    @Order(3)
    void aConsoleSessionSticksToOneInstanceAndItsWebSocketGoesThroughHaproxy() throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient browser = WARDOPS.browser("admin", adminPassword, cookies);
        String node = cookie(cookies, "WARDOPS_NODE");
        assertTrue(node.equals("i1") || node.equals("i2"), "haproxy's sticky cookie names an instance: " + node);
        Set<String> served = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(LB + "console/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), "the session holds on every request");
            served.add(page.headers().firstValue("X-Wardops-Instance").orElse("?"));
        }
        assertEquals(Set.of(node), served, "every request of the session went to its instance");
        // without the cookie haproxy spreads requests over both instances (round robin)
        Set<String> spread = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            spread.add(send(HttpRequest.newBuilder(URI.create(LB + "login.xhtml")).GET()).headers().firstValue("X-Wardops-Instance").orElse("?"));
        }
        assertEquals(Set.of("i1", "i2"), spread);

        // the console's live feed: upgraded through haproxy with the session's cookies, answered with a snapshot
        String snapshot = firstFeedMessage(browser);
        assertTrue(snapshot.contains("\"type\":\"snapshot\""), snapshot.substring(0, Math.min(300, snapshot.length())));
    }

    /** The first message of the devices feed opened through haproxy with {@code browser}'s session cookies (30 s at most). */
    private static String firstFeedMessage(HttpClient browser) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket ws = browser.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(LB.replaceFirst("^http", "ws") + "api/v1/ws/devices"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            first.complete(text.toString());
                        }
                        socket.request(1);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket socket, Throwable error) {
                        first.completeExceptionally(error);
                    }
                }).get(30, TimeUnit.SECONDS);
        try {
            return first.get(30, TimeUnit.SECONDS);
        } finally {
            ws.abort();
        }
    }

    // ------------------------------------------------------------------------------ ownership
    // OWNERSHIP ASSERTIONS (issue 16, the cluster core): the one place that says which instance
    // probes which device: every demo device has samples; both instances see one view and one leader,
    // their shares add up to the fleet and VictoriaMetrics holds one sample per device and round; after
    // the kill below, the survivor probes every device again within two intervals.
    @Test
    @Order(4)
    void everyDeviceIsProbed() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long seen = -1;
        while (System.nanoTime() < deadline && seen < DEMO_DEVICES) {
            String answer = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + VM_PORT + "/api/v1/query?query="
                    + URLEncoder.encode("count(count by (device_id) (wardops_ping_up))", StandardCharsets.UTF_8))).GET()).body();
            Matcher m = Pattern.compile("\"value\":\\[[^,]+,\"(\\d+)\"]").matcher(answer);
            seen = m.find() ? Long.parseLong(m.group(1)) : -1;
            if (seen < DEMO_DEVICES) {
                Thread.sleep(2_000);
            }
        }
        assertEquals(DEMO_DEVICES, seen, "every demo device has availability samples in VictoriaMetrics");
    }
    /** The probe interval of the cluster the script starts (the default): rounds on its boundaries. */
    private static final int INTERVAL_SECONDS = 10;

    /**
     * Both instances see the same two members and the same leader, their shares add up to the fleet,
     * and VictoriaMetrics holds one sample per device and round: a device probed by both instances
     * would have twice as many.
     */
    @Test
    @Order(5)
    void eachDeviceIsProbedByExactlyOneInstance() throws Exception {
        JsonObject[] views = awaitTheFleetSplit();
        JsonObject one = views[0];
        JsonObject two = views[1];
        assertTrue(one.getBoolean("clustered") && two.getBoolean("clustered"), one + " / " + two);
        assertEquals(2, one.getJsonArray("members").size(), one.toString());
        assertEquals(one.getJsonArray("members"), two.getJsonArray("members"), "one view: " + one + " / " + two);
        assertEquals(one.getString("leader"), two.getString("leader"), "one leader");
        assertEquals(DEMO_DEVICES, one.getInt("ownedDevices") + two.getInt("ownedDevices"), "the shares add up: " + one + " / " + two);
        // A minute of rounds after the shares settled: every device one sample per round, from one instance.
        // The raw samples of the minute that begins now, read once its last round has been written.
        long from = java.time.Instant.now().getEpochSecond() + 1;
        Thread.sleep(Duration.ofSeconds(60 + WRITTEN_WITHIN_SECONDS).toMillis());
        Map<String, Integer> perDevice = samplesPerDevice(from, from + 60);
        assertEquals(DEMO_DEVICES, perDevice.size(), "every device has samples in the minute: " + perDevice);
        int max = perDevice.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        int min = perDevice.values().stream().mapToInt(Integer::intValue).min().orElse(0);
        System.out.printf("ClusterIT: shares %d + %d of %d devices; samples per device in 60 s: %d..%d%n",
                one.getInt("ownedDevices"), two.getInt("ownedDevices"), DEMO_DEVICES, min, max);
        assertTrue(max <= 60 / INTERVAL_SECONDS + 1, "no device is probed twice per round: up to " + max + " samples in 60 s");
        assertTrue(min >= 60 / INTERVAL_SECONDS - 1, "every device is probed every round: only " + min + " samples in 60 s");
    }

    /** Both instances' {@code /api/v1/cluster}, asked every 2 s until they split the fleet or 90 s have passed. */
    private static JsonObject[] awaitTheFleetSplit() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonObject one = onInstance(1, "api/v1/cluster");
        JsonObject two = onInstance(2, "api/v1/cluster");
        while (System.nanoTime() < deadline && !splitsTheFleet(one, two)) {
            Thread.sleep(2_000);
            one = onInstance(1, "api/v1/cluster");
            two = onInstance(2, "api/v1/cluster");
        }
        return new JsonObject[] {one, two};
    }

    private static boolean splitsTheFleet(JsonObject one, JsonObject two) {
        return one.getJsonArray("members").size() == 2 && two.getJsonArray("members").size() == 2
                && one.getBoolean("settled") && two.getBoolean("settled") && one.getInt("devices") == DEMO_DEVICES
                && one.getInt("ownedDevices") + two.getInt("ownedDevices") == DEMO_DEVICES;
    }

    /**
     * After instance 2's death: instance 1 alone is the cluster, probes every device, and every device
     * has a sample in the two intervals (plus 5 s to notice the death) after the kill.
     */
    private static void theSurvivorProbesEveryDevice(long killedAtNanos, long killedAtEpochSeconds) throws Exception {
        long deadline = killedAtNanos + Duration.ofSeconds(2L * INTERVAL_SECONDS + 5).toNanos();
        JsonObject one = onInstance(1, "api/v1/cluster");
        while (System.nanoTime() < deadline && !(one.getJsonArray("members").size() == 1 && one.getInt("ownedDevices") == DEMO_DEVICES)) {
            Thread.sleep(500);
            one = onInstance(1, "api/v1/cluster");
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAtNanos);
        assertEquals(1, one.getJsonArray("members").size(), "the killed instance left the view: " + one);
        assertEquals(DEMO_DEVICES, one.getInt("ownedDevices"), "the survivor's round probed every device " + took + " ms after the kill: " + one);
        // The samples: every device has one in (kill, kill + 2 intervals + 5 s], read once the window's
        // last round has been written.
        long window = 2L * INTERVAL_SECONDS + 5;
        long until = killedAtEpochSeconds + window;
        long wait = (until + WRITTEN_WITHIN_SECONDS) * 1000 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        Map<String, Integer> fresh = samplesPerDevice(killedAtEpochSeconds, until);
        assertEquals(DEMO_DEVICES, fresh.size(), "every device has a sample within " + window + " s after the kill: " + fresh);
        System.out.printf("ClusterIT: the survivor probed all %d devices %d ms after the kill: %s%n", DEMO_DEVICES, took, one);
    }

    /**
     * A round's samples are in VictoriaMetrics this long after the round's moment: the 20-device round
     * takes about a second and writes at once. (Raw samples, read by export, are not held back by
     * VictoriaMetrics' 30 s latency offset for queries, which the test waited out twice before.)
     */
    private static final int WRITTEN_WITHIN_SECONDS = 5;

    private static JsonObject onInstance(int k, String path) throws IOException, InterruptedException {
        String token = Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        return json(send(HttpRequest.newBuilder(URI.create(instance(k) + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + token).GET()));
    }

    /**
     * The raw {@code wardops_ping_up} samples per device in (from, until] (epoch seconds, the range of a
     * {@code count_over_time} at {@code until}), from VictoriaMetrics' export after a flush of what it
     * has buffered; devices without a sample there are absent.
     */
    private static Map<String, Integer> samplesPerDevice(long fromEpochSeconds, long untilEpochSeconds)
            throws IOException, InterruptedException {
        String vm = "http://127.0.0.1:" + VM_PORT;
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(vm + "/internal/force_flush")).GET()).statusCode());
        HttpResponse<String> export = send(HttpRequest.newBuilder(URI.create(vm + "/api/v1/export?"
                + URLEncoder.encode("match[]", StandardCharsets.UTF_8) + "=wardops_ping_up&start=" + fromEpochSeconds
                + "&end=" + (untilEpochSeconds + 1))).GET());
        assertEquals(200, export.statusCode(), export.body());
        Map<String, Integer> perDevice = new java.util.TreeMap<>();
        for (String line : export.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject series = json(line);
            String device = series.getJsonObject("metric").getString("device_id");
            for (var timestamp : series.getJsonArray("timestamps").getValuesAs(jakarta.json.JsonNumber.class)) {
                long millis = timestamp.longValueExact();
                if (millis > fromEpochSeconds * 1000 && millis <= untilEpochSeconds * 1000) {
                    perDevice.merge(device, 1, Integer::sum);
                }
            }
        }
        return perDevice;
    }
    // ------------------------------------------------------------------------------ end of ownership

    // ------------------------------------------------------------------------------ exactly once
    /**
     * A device that stops answering (its address blackholed) is detected by the instance that owns
     * it, yet: the alerts feed of EACH instance shows its FIRING alert (one of the two is not the
     * owner: its clients hear it through the cluster), the API lists exactly one open alert for it,
     * and the webhook receives exactly one FIRING notice; when it answers again, exactly one
     * RESOLVED notice, and both feeds show the resolution.
     */
    @Test
    @Order(6)
    void aDeviceThatStopsAnsweringRaisesOneAlertAndOneNoticeAndEveryInstancesFeedShowsIt() throws Exception {
        List<com.sun.net.httpserver.Headers> hooks = java.util.Collections.synchronizedList(new ArrayList<>());
        List<JsonObject> bodies = java.util.Collections.synchronizedList(new ArrayList<>());
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            try (var in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                try (var reader = Json.createReader(new StringReader(body))) {
                    bodies.add(reader.readObject());
                }
                hooks.add(exchange.getRequestHeaders());
            } finally {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
        });
        receiver.start();
        String ip = null;
        List<FeedListener> feeds = new ArrayList<>();
        try {
            HttpResponse<String> channel = send(WARDOPS.api("api/v1/notification-channels").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"cluster hook\",\"kind\":\"WEBHOOK\",\"target\":\"http://127.0.0.1:"
                            + receiver.getAddress().getPort() + "/hook\",\"secret\":\"a-long-shared-secret-of-the-cluster-test\"}")));
            assertEquals(201, channel.statusCode(), channel.body());
            long channelId = Json.createReader(new StringReader(channel.body())).readObject().getJsonNumber("id").longValue();
            HttpResponse<String> route = send(WARDOPS.api("api/v1/notification-routes").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"everything to the hook\",\"channelId\":" + channelId
                            + ",\"minSeverity\":\"INFO\"}")));
            assertEquals(201, route.statusCode(), route.body());

            // A device no other device hangs from (not a branch's router), so one device alert is all there is to raise.
            JsonObject device = json(send(WARDOPS.api("api/v1/devices?limit=100").GET())).getJsonArray("items").stream()
                    .map(jakarta.json.JsonValue::asJsonObject).filter(d -> !"ROUTER".equals(d.getString("type"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no demo device that is not a router"));
            long deviceId = device.getJsonNumber("id").longValue();
            ip = device.getString("ip");
            assertTrue(ip.startsWith("127."), "a loopback demo device: " + ip);
            for (int k = 1; k <= INSTANCES; k++) {
                feeds.add(FeedListener.open(instance(k), "api/v1/ws/alerts", "admin", adminPassword));
            }
            blackhole(ip, true);
            Map<Integer, JsonObject> firing = new java.util.TreeMap<>();
            for (int k = 1; k <= INSTANCES; k++) {
                JsonObject alert = feeds.get(k - 1).await("FIRING", deviceId, Duration.ofSeconds(90));
                assertTrue(alert != null, "instance i" + k + "'s alerts feed shows the FIRING alert of device " + deviceId
                        + " (" + ip + "); it saw: " + feeds.get(k - 1).seen());
                firing.put(k, alert);
            }
            long alertId = firing.get(1).getJsonNumber("id").longValue();
            assertEquals(alertId, firing.get(2).getJsonNumber("id").longValue(), "both feeds show the same alert: " + firing);
            assertEquals(1, noticesOf(hooks, bodies, "FIRING", alertId, Duration.ofSeconds(30)), "one FIRING notice");
            Thread.sleep(Duration.ofSeconds(2L * INTERVAL_SECONDS).toMillis()); // two more rounds of the device being down
            JsonObject open = json(send(WARDOPS.api("api/v1/alerts?state=OPEN&device=" + deviceId).GET()));
            assertEquals(1, open.getJsonArray("items").size(), "exactly one open alert for the device: " + open);
            assertEquals(1, noticesOf(hooks, bodies, "FIRING", alertId, Duration.ZERO), "still one FIRING notice: " + bodies);

            blackhole(ip, false);
            ip = null;
            for (int k = 1; k <= INSTANCES; k++) {
                assertTrue(feeds.get(k - 1).await("RESOLVED", deviceId, Duration.ofSeconds(90)) != null,
                        "instance i" + k + "'s alerts feed shows the resolution; it saw: " + feeds.get(k - 1).seen());
            }
            assertEquals(1, noticesOf(hooks, bodies, "RESOLVED", alertId, Duration.ofSeconds(30)), "one RESOLVED notice");
            Thread.sleep(3_000);
            assertEquals(1, noticesOf(hooks, bodies, "FIRING", alertId, Duration.ZERO), "no second FIRING notice: " + bodies);
            assertEquals(1, noticesOf(hooks, bodies, "RESOLVED", alertId, Duration.ZERO), "no second RESOLVED notice: " + bodies);
        } finally {
            if (ip != null) {
                blackhole(ip, false);
            }
            for (FeedListener f : feeds) {
                f.close();
            }
            receiver.stop(0);
        }
    }

    /** How many webhook notices of {@code kind} for alert {@code alertId} arrived, waiting up to {@code limit} for the first. */
    private static long noticesOf(List<com.sun.net.httpserver.Headers> hooks, List<JsonObject> bodies, String kind, long alertId,
                                  Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long n;
            synchronized (hooks) {
                n = java.util.stream.IntStream.range(0, hooks.size())
                        .filter(i -> kind.equals(hooks.get(i).getFirst("X-WardOps-Event"))
                                && bodies.get(i).getJsonObject("alert").getJsonNumber("id").longValue() == alertId)
                        .count();
            }
            if (n > 0 || System.nanoTime() >= deadline) {
                return n;
            }
            Thread.sleep(250);
        }
    }

    /** Takes a loopback address out of service (a blackhole route) or back in. */
    private static void blackhole(String ip, boolean on) throws IOException, InterruptedException {
        assertTrue(ip.startsWith("127."), "only loopback addresses: " + ip);
        Process p = new ProcessBuilder("ip", "route", on ? "add" : "del", "blackhole", ip + "/32").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "ip route did not finish");
        if (on) {
            assertEquals(0, p.exitValue(), "ip route add blackhole " + ip + ": " + out);
        }
    }

    /** A client of one instance's feed (Basic credentials, straight to the instance), keeping every change it gets. */
    private static final class FeedListener implements WebSocket.Listener, AutoCloseable {
        private final StringBuilder text = new StringBuilder();
        private final java.util.concurrent.LinkedBlockingQueue<JsonObject> changes = new java.util.concurrent.LinkedBlockingQueue<>();
        private final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        private WebSocket socket;

        static FeedListener open(String base, String path, String user, String password) throws Exception {
            FeedListener l = new FeedListener();
            l.socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                    .buildAsync(URI.create(base.replaceFirst("^http", "ws") + path), l).get(30, TimeUnit.SECONDS);
            return l;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try (var reader = Json.createReader(new StringReader(text.toString()))) {
                    JsonObject m = reader.readObject();
                    if ("delta".equals(m.getString("type", ""))) {
                        for (var v : m.getJsonArray("changes")) {
                            changes.add(v.asJsonObject());
                        }
                    }
                }
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        /** The alert of the first {@code kind} change for {@code deviceId} within {@code limit}, or null. */
        JsonObject await(String kind, long deviceId, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            while (System.nanoTime() < deadline) {
                JsonObject ch = changes.poll(1, TimeUnit.SECONDS);
                if (ch == null) {
                    continue;
                }
                JsonObject alert = ch.getJsonObject("alert");
                seen.add(ch.getString("kind") + " " + alert.get("deviceId") + " " + alert.getString("subjectKey", ""));
                if (kind.equals(ch.getString("kind")) && alert.get("deviceId") instanceof jakarta.json.JsonNumber n && n.longValue() == deviceId) {
                    return alert;
                }
            }
            return null;
        }

        List<String> seen() {
            return List.copyOf(seen);
        }

        @Override
        public void close() {
            socket.abort();
        }
    }
    // ------------------------------------------------------------------------------ end of exactly once

    @Test
    @Order(7)
    void anInstanceKilledWithSigkillIsTakenOutAndTheApiKeepsAnsweringThroughHaproxyWithinTenSeconds() throws Exception {
        // An operator logged in on the instance about to die (haproxy's sticky cookie names it).
        CookieManager cookies = null;
        HttpClient operator = null;
        for (int i = 0; i < 6 && (cookies == null || !"i2".equals(cookie(cookies, "WARDOPS_NODE"))); i++) {
            cookies = new CookieManager();
            operator = WARDOPS.browser("admin", adminPassword, cookies);
        }
        assertEquals("i2", cookie(cookies, "WARDOPS_NODE"), "a console session on i2");
        String session = cookie(cookies, "JSESSIONID");
        assertEquals(200, operator.send(HttpRequest.newBuilder(URI.create(LB + "console/")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

        long pid = Long.parseLong(Files.readString(instanceDir(2).resolve("config/pid")).strip());
        ProcessHandle victim = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("instance i2 (pid " + pid + ") is not running"));
        assertTrue(victim.info().commandLine().orElse("").contains(instanceDir(2).toString()), "pid " + pid + " is instance i2");
        long killedAt = System.nanoTime();
        long killedAtEpochSeconds = java.time.Instant.now().getEpochSecond() + 1;
        assertTrue(victim.destroyForcibly(), "SIGKILL sent"); // destroyForcibly is SIGKILL on Linux
        victim.onExit().get(10, TimeUnit.SECONDS);

        long deadline = killedAt + FAILOVER.toNanos();
        Map<String, String> view = Map.of();
        int answeredInARow = 0;
        List<String> failures = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            view = haproxyView();
            HttpResponse<String> r;
            try {
                r = HTTP.send(WARDOPS.api("api/v1/devices?limit=1").timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
                answeredInARow = r.statusCode() == 200 ? answeredInARow + 1 : 0;
                if (r.statusCode() != 200) {
                    failures.add(r.statusCode() + " " + r.headers().firstValue("X-Wardops-Instance").orElse(""));
                }
            } catch (IOException e) {
                answeredInARow = 0;
                failures.add(e.toString());
            }
            if ("DOWN".equals(view.get("i2")) && answeredInARow >= 5) {
                break;
            }
            Thread.sleep(200);
        }
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        assertEquals("DOWN", view.get("i2"), "haproxy marked the killed instance down (after " + took + " ms): " + view);
        assertEquals("UP", view.get("i1"), view.toString());
        assertTrue(answeredInARow >= 5, "the API answers through haproxy within " + FAILOVER.toSeconds() + " s of the kill; "
                + "answered in a row: " + answeredInARow + ", failures: " + failures);
        System.out.printf("ClusterIT: i2 killed; haproxy down and the API answering after %d ms (%d failed requests on the way)%n",
                took, failures.size());
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = send(WARDOPS.api("api/v1/devices?limit=1").GET());
            assertEquals(200, r.statusCode());
            assertEquals("i1", r.headers().firstValue("X-Wardops-Instance").orElse("?"));
        }
        // The operator's next click: the same session, now served by i1 from the data grid, not a login page.
        HttpResponse<String> after = operator.send(HttpRequest.newBuilder(URI.create(LB + "console/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, after.statusCode(), "the console session survived its instance's death (no redirect to the login): "
                + after.headers().map());
        assertEquals("i1", after.headers().firstValue("X-Wardops-Instance").orElse("?"));
        assertTrue(after.body().contains("admin"), "still logged in as admin");
        assertEquals(session, cookie(cookies, "JSESSIONID"), "the same session");
        // and its live feed reconnects through haproxy with that session
        assertTrue(firstFeedMessage(operator).contains("\"type\":\"snapshot\""), "the feed answers the surviving session");
        theSurvivorProbesEveryDevice(killedAt, killedAtEpochSeconds);
    }

    /**
     * {@code cluster up} again after an instance died brings it back and touches nothing else: the EAR is
     * the one deployed before, so nothing is deployed (a deployment would reload the application in the
     * survivor too, and leave Payara's own role filter on there: deploy_app in payara.sh); the survivor
     * and haproxy keep their processes; the API answers through haproxy all the while, also as the
     * returning instance starts (haproxy sends it nothing before its readiness says so); and once it has
     * rejoined, the two instances split the fleet again.
     */
    @Test
    @Order(8)
    void clusterUpAgainBringsTheKilledInstanceBackWithoutTouchingTheSurvivor() throws Exception {
        long survivor = Long.parseLong(Files.readString(instanceDir(1).resolve("config/pid")).strip());
        long balancer = Long.parseLong(Files.readString(HOME.resolve("run/haproxy.pid")).strip());
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<String> answeredBy = java.util.Collections.synchronizedSet(new HashSet<>());
        Thread client = new Thread(() -> {
            for (int i = 0; i < 10_000 && running.get(); i++) { // bounded: ~15 minutes of requests at most
                try {
                    HttpResponse<String> r = HTTP.send(WARDOPS.api("api/v1/devices?limit=1").timeout(Duration.ofSeconds(10)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    String by = r.headers().firstValue("X-Wardops-Instance").orElse("?");
                    if (r.statusCode() == 200) {
                        answered.incrementAndGet();
                        answeredBy.add(by);
                    } else {
                        failures.add(r.statusCode() + " from " + by);
                    }
                    Thread.sleep(100);
                } catch (IOException e) {
                    failures.add(e.toString());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }, "cluster-up-again-client");
        client.start();
        RunCommand.Result again;
        try {
            again = WARDOPS.run("cluster", "up", "--instances", String.valueOf(INSTANCES));
            // a few more seconds with both instances in haproxy's rotation
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < until && !haproxyView().equals(Map.of("i1", "UP", "i2", "UP"))) {
                Thread.sleep(500);
            }
            Thread.sleep(3_000);
        } finally {
            running.set(false);
            client.join(Duration.ofSeconds(30).toMillis());
        }
        assertEquals(0, again.exit(), "cluster up again failed:\n" + tail(again.output()));
        assertTrue(again.output().contains("the EAR is the one deployed before"), "the unchanged EAR is kept:\n" + tail(again.output()));
        assertFalse(again.output().contains("deploying "), "nothing is deployed:\n" + tail(again.output()));
        assertTrue(again.output().contains("starting instance i2") && again.output().contains("instance i1 is already running"),
                "only the dead instance is started:\n" + tail(again.output()));
        assertEquals(survivor, Long.parseLong(Files.readString(instanceDir(1).resolve("config/pid")).strip()), "i1 kept its process");
        assertTrue(ProcessHandle.of(survivor).map(ProcessHandle::isAlive).orElse(false), "i1 (pid " + survivor + ") still runs");
        assertTrue(ProcessHandle.of(balancer).map(ProcessHandle::isAlive).orElse(false), "haproxy (pid " + balancer + ") kept running");
        assertEquals(Map.of("i1", "UP", "i2", "UP"), haproxyView());
        assertEquals(List.of(), failures, "every request through haproxy answered 200 while the cluster grew back ("
                + answered.get() + " did)");
        assertTrue(answered.get() >= 20, "the client kept asking: " + answered.get() + " answers");
        assertTrue(answeredBy.contains("i2"), "the returning instance serves requests through haproxy: " + answeredBy);

        JsonObject[] views = awaitTheFleetSplit();
        JsonObject one = views[0];
        JsonObject two = views[1];
        assertTrue(splitsTheFleet(one, two), "the returning instance takes its share again: " + one + " / " + two);
        assertTrue(one.getInt("ownedDevices") > 0 && two.getInt("ownedDevices") > 0, "both own devices: " + one + " / " + two);
        System.out.printf("ClusterIT: cluster up again: i2 back, %d requests answered through haproxy meanwhile, shares %d + %d%n",
                answered.get(), one.getInt("ownedDevices"), two.getInt("ownedDevices"));
    }

    @Test
    @Order(9)
    void clusterStopLeavesNoProcessBehind() throws Exception {
        RunCommand.Result stop = WARDOPS.run("cluster", "stop");
        assertEquals(0, stop.exit(), tail(stop.output()));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> left;
        do {
            left = processesOfThisHome();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertEquals(List.of(), left, "processes of " + HOME + " still running after cluster stop");
        assertThrows(ConnectException.class, () -> HTTP.send(HttpRequest.newBuilder(URI.create(LB + "api/v1/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * An upgrade after {@code cluster stop}: a new EAR is deployed to the group before any instance
     * starts, so each instance loads it with its start (none is restarted, none gets it deployed into
     * it while running: deploy_app in payara.sh says why that matters), and the cluster comes up on it.
     * (A new EAR over a running cluster reaches every running instance at once; docs/deploy.md says
     * what that costs.)
     */
    @Test
    @Order(10)
    void afterAStopANewEarIsDeployedToTheGroupBeforeAnyInstanceStarts() throws Exception {
        Path changed = RunCommand.changedCopy(Path.of(System.getProperty("wardops.ear")), "ClusterIT " + started);
        RunCommand.Result up = WARDOPS.run(Map.of("WARDOPS_EAR", changed.toString()), "cluster", "up", "--instances",
                String.valueOf(INSTANCES));
        String out = up.output();
        assertEquals(0, up.exit(), "cluster up with a new EAR failed:\n" + tail(out));
        int deploying = out.indexOf("deploying " + changed + " as 'wardops' to wardops-dg");
        int starting = out.indexOf("starting instance i1");
        assertTrue(deploying >= 0 && starting > deploying, "the new EAR is deployed before i1 starts:\n" + tail(out));
        assertFalse(out.contains("restarting instance"), "no instance restarted:\n" + tail(out));
        assertTrue(out.contains("WARD OPS is running. " + DEMO_DEVICES + " devices probed") && out.contains("(by 2 instances)"),
                "the cluster's first round on the new application:\n" + tail(out));
        for (int k = 1; k <= INSTANCES; k++) {
            Path mark = instanceDir(k).resolve("applications/wardops/META-INF/wardops-it-changed.txt");
            assertTrue(Files.readString(mark).contains("ClusterIT " + started), "i" + k + " runs the new EAR: " + mark);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && !haproxyView().equals(Map.of("i1", "UP", "i2", "UP"))) {
            Thread.sleep(500);
        }
        assertEquals(Map.of("i1", "UP", "i2", "UP"), haproxyView());
        assertEquals(200, send(WARDOPS.api("api/v1/devices?limit=1").GET()).statusCode());
    }

    // ------------------------------------------------------------------------------ helpers

    private static String instance(int k) {
        return "http://127.0.0.1:" + (PORT_BASE + 100 * k + 80) + "/";
    }

    private static Path instanceDir(int k) throws IOException {
        try (var payaras = Files.list(HOME)) {
            Path payara = payaras.filter(p -> p.getFileName().toString().startsWith("payara-") && Files.isDirectory(p)).findFirst()
                    .orElseThrow(() -> new AssertionError("no Payara in " + HOME));
            return payara.resolve("payara6/glassfish/nodes/localhost-wardops/i" + k);
        }
    }

    /** haproxy's statistics (CSV): instance name → UP, DOWN, ... */
    private static Map<String, String> haproxyView() throws IOException, InterruptedException {
        String csv = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + STATS_PORT + "/;csv")).GET()).body();
        Map<String, String> view = new java.util.TreeMap<>();
        for (String line : csv.split("\n")) {
            String[] f = line.split(",", -1);
            if (f.length > 17 && f[0].equals("instances") && !f[1].equals("BACKEND") && !f[1].equals("FRONTEND")) {
                view.put(f[1], f[17].split(" ")[0]);
            }
        }
        return view;
    }

    /** Command lines of running processes that name this test's WARDOPS_HOME (Payara, haproxy, VictoriaMetrics). */
    private static List<String> processesOfThisHome() {
        String home = HOME.toString();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(c -> c.contains(home)).toList();
    }

    private static String cookie(CookieManager cookies, String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue)
                .findFirst().orElseThrow(() -> new AssertionError("no cookie " + name + ": " + cookies.getCookieStore().getCookies()));
    }

}
