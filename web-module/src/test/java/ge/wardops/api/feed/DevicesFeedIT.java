package ge.wardops.api.feed;

import ge.wardops.testing.ConsoleBrowser;
import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.FeedClient;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import ge.wardops.testing.LiveList;
import ge.wardops.testing.DarkRanges;
import ge.wardops.testsupport.Loopback;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URL;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ge.wardops.testing.Waits.eventually;

/**
 * The live feed /api/v1/ws/devices in the real server: authentication of the upgrade, snapshot,
 * deltas when a device really goes DOWN (blackhole route on a loopback range only this test uses),
 * regional scoping, seq and resync, heartbeats. The server probes every 2 s, calls a device DOWN
 * after 2 silent rounds and sends a heartbeat after 3 idle seconds (arquillian.xml).
 */
@ExtendWith(ArquillianExtension.class)
class DevicesFeedIT {

    /** 127.90/16 is this test's; ProbePipelineIT uses 127.89/16, FpingProberTest 127.88/16. */
    private static final int THIRD = ThreadLocalRandom.current().nextInt(0, 128);
    private static final String OTHER_REGION_DARK = "127.90." + THIRD + ".0/24";
    private static final String MANAGER_REGION_DARK = "127.90." + (THIRD + 128) + ".0/24";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final DarkRanges LAB = new DarkRanges(OTHER_REGION_DARK, MANAGER_REGION_DARK);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    private static void restore() {
        Loopback.restoreService(OTHER_REGION_DARK);
        Loopback.restoreService(MANAGER_REGION_DARK);
    }

    @Test
    void anUpgradeWithoutValidCredentialsIsRefused() {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String run = Deployments.unique();
        String someone = TestFleet.user(admin, "feed-wrong-" + run, "Right-password-" + run, "viewer");
        for (String[] who : List.of(new String[] {null, null}, new String[] {someone, "wrong-password"})) {
            CompletionException e = assertThrows(CompletionException.class,
                    () -> FeedClient.connect(base, who[0], who[1]).orTimeout(20, TimeUnit.SECONDS).join());
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(401, refused.getResponse().statusCode());
        }
    }

    @Test
    void theConsoleConnectsWithItsSessionAndIsClosedOnLogout() throws Exception {
        ConsoleBrowser browser = new ConsoleBrowser(base);
        assertEquals(302, browser.login("admin", Deployments.ADMIN_PASSWORD, "/console/index.xhtml").statusCode());
        try (FeedClient feed = FeedClient.connect(base, browser.client()).get(20, TimeUnit.SECONDS)) {
            FeedClient.Message snapshot = feed.next(WAIT);
            assertNotNull(snapshot, "a snapshot for the console's session");
            assertEquals("snapshot", snapshot.type());
            browser.logout("console/index.xhtml");
            String closed = feed.closed().get(20, TimeUnit.SECONDS);
            assertTrue(closed.startsWith("1008"), "closed (policy violation) when the login ends: " + closed);
        }
    }

    @Test
    void snapshotThenOnlyTheCallersDeltasInSequenceAndResyncOnRequest() throws Exception {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String run = Deployments.unique();
        long[] other = device(admin, run, "other", "127.90." + THIRD + ".1");
        long[] mine = device(admin, run, "mine", "127.90." + (THIRD + 128) + ".1");
        String password = "Manager-password-" + run;
        assertEquals(201, admin.postJson("api/v1/users", "{\"username\":\"feed-" + run + "\",\"password\":\"" + password
                + "\",\"roles\":[\"regional_manager\"],\"regionIds\":[" + mine[1] + "]}").status());
        assertTrue(eventually(WAIT, () -> "UP".equals(LiveList.status(admin, other[0])) && "UP".equals(LiveList.status(admin, mine[0]))),
                "both devices probed and UP before the feeds connect");

        try (FeedClient adminFeed = FeedClient.connect(base, "admin", Deployments.ADMIN_PASSWORD).get(20, TimeUnit.SECONDS);
             FeedClient managerFeed = FeedClient.connect(base, "feed-" + run, password).get(20, TimeUnit.SECONDS)) {
            FeedClient.Message adminSnapshot = adminFeed.next(WAIT);
            assertNotNull(adminSnapshot, "a snapshot on connect");
            assertEquals("snapshot", adminSnapshot.type());
            assertEquals("UP", statusIn(adminSnapshot, other[0]), "the fresh device is in the admin's snapshot");
            assertEquals("UP", statusIn(adminSnapshot, mine[0]));
            FeedClient.Message managerSnapshot = managerFeed.next(WAIT);
            assertEquals("snapshot", managerSnapshot.type());
            assertEquals("UP", statusIn(managerSnapshot, mine[0]));
            assertEquals("absent", statusIn(managerSnapshot, other[0]), "another region's device is not in the manager's snapshot");
            assertTrue(managerSnapshot.json().getJsonArray("devices").stream()
                    .allMatch(d -> d.asJsonObject().getJsonNumber("regionId").longValue() == mine[1]), managerSnapshot.text());

            // The other region's device goes dark: the admin hears of it, the manager does not.
            Loopback.takeOutOfService(OTHER_REGION_DARK);
            FeedClient.Message down = deltaWith(adminFeed, adminSnapshot.seq(), other[0], "DOWN");
            assertEquals(1, down.json().getJsonArray("changes").size(), down.text());
            int bytes = down.text().getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes < 2048, "a one-change delta is small: " + bytes + " bytes");
            long changedAt = Long.parseLong(Database.column("SELECT (extract(epoch FROM changed_at) * 1000)::bigint "
                    + "FROM device_state_changes WHERE device_id = ? AND to_state = 'DOWN' ORDER BY changed_at DESC LIMIT 1",
                    other[0]).get(0));
            System.out.println("[DevicesFeedIT] delta of " + bytes + " bytes: " + down.text());
            System.out.println("[DevicesFeedIT] state-change row's changed_at to feed receipt: " + (down.receivedAtMillis() - changedAt)
                    + " ms (changed_at is when the round's probe answered, so this includes the rest of that round)");
            JsonObject change = down.json().getJsonArray("changes").getJsonObject(0);
            assertNotNull(change.getString("since"));
            assertEquals(100.0, change.getJsonNumber("lossPercent").doubleValue());
            assertNull(managerFeed.next(Duration.ofSeconds(3)), "no message about another region's device");

            // The manager's own device goes dark: the manager's next seq follows its snapshot's directly.
            Loopback.takeOutOfService(MANAGER_REGION_DARK);
            FeedClient.Message managerDown = managerFeed.next(WAIT);
            assertNotNull(managerDown, "the manager hears of their own region's device");
            assertEquals("delta", managerDown.type(), managerDown.text());
            assertEquals(managerSnapshot.seq() + 1, managerDown.seq(), "seq did not advance for the other region's change");
            assertEquals(1, managerDown.json().getJsonArray("changes").size(), managerDown.text());
            assertEquals(mine[0], managerDown.json().getJsonArray("changes").getJsonObject(0).getJsonNumber("deviceId").longValue());
            assertEquals("DOWN", managerDown.json().getJsonArray("changes").getJsonObject(0).getString("status"));
            deltaWith(adminFeed, down.seq(), mine[0], "DOWN");

            // Resync: a fresh snapshot with the next seq, showing the device DOWN.
            managerFeed.send("{\"type\":\"resync\"}");
            FeedClient.Message resynced = managerFeed.next(WAIT);
            assertNotNull(resynced, "a snapshot after resync");
            assertEquals("snapshot", resynced.type(), resynced.text());
            assertEquals(managerDown.seq() + 1, resynced.seq());
            assertEquals("DOWN", statusIn(resynced, mine[0]));

            // Idle: a heartbeat without seq keeps the connection visibly alive.
            FeedClient.Message heartbeat = managerFeed.nextIncludingHeartbeats(Duration.ofSeconds(10));
            assertNotNull(heartbeat, "a heartbeat while idle");
            assertEquals("heartbeat", heartbeat.type(), heartbeat.text());
            assertFalse(heartbeat.json().containsKey("seq"));
        } finally {
            restore();
        }
    }

    /**
     * Reads the admin's messages until a delta says {@code device} went {@code status}; every message
     * on the way must follow the one before it (seq + 1).
     */
    private static FeedClient.Message deltaWith(FeedClient feed, long lastSeq, long device, String status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long seq = lastSeq;
        while (System.nanoTime() < deadline) {
            FeedClient.Message m = feed.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m == null) {
                break;
            }
            assertEquals(seq + 1, m.seq(), "no gap: " + m.text());
            seq = m.seq();
            if ("delta".equals(m.type()) && m.json().getJsonArray("changes").stream().map(c -> c.asJsonObject())
                    .anyMatch(c -> c.getJsonNumber("deviceId").longValue() == device && c.getString("status").equals(status))) {
                return m;
            }
        }
        throw new AssertionError("no delta with device " + device + " " + status + " within " + WAIT);
    }

    private static String statusIn(FeedClient.Message snapshot, long device) {
        return snapshot.json().getJsonArray("devices").stream().map(v -> v.asJsonObject())
                .filter(d -> d.getJsonNumber("id").longValue() == device).map(d -> d.getString("status")).findFirst().orElse("absent");
    }

    /** A device in a region and branch of its own: {id, regionId}. */
    private static long[] device(Http admin, String run, String name, String ip) {
        long region = TestFleet.region(admin, "Feed " + run + name, "FR" + run + name);
        long branch = TestFleet.branch(admin, region, "Feed branch " + run + name, "FB" + run + name);
        long id = TestFleet.device(admin, "{\"name\":\"feed-" + name + "-" + run + "\",\"ip\":\"" + ip
                + "\",\"type\":\"ROUTER\",\"branchId\":" + branch + "}").getJsonNumber("id").longValue();
        return new long[] {id, region};
    }


}
