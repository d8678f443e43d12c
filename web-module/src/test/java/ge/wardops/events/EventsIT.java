package ge.wardops.events;

import ge.wardops.testing.Deployments;
import ge.wardops.testing.FeedClient;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events on the real WAR: traps sent by Debian's {@code snmptrap} and syslog datagrams from loopback
 * addresses of the test's own devices reach the receivers the deployment opened
 * ({@code test.events.trap.port} / {@code test.events.syslog.port}), are stored, listed by
 * {@code /api/v1/events} and pushed on {@code /api/v1/ws/events}, each only to the regions allowed
 * to see them; bad filters are refused as problem+json; the receivers' counters are shown to the
 * roles that see every region.
 */
@ExtendWith(ArquillianExtension.class)
class EventsIT {

    private static final int TRAP_PORT = Integer.parseInt(System.getProperty("test.events.trap.port"));
    private static final int SYSLOG_PORT = Integer.parseInt(System.getProperty("test.events.syslog.port"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    Http admin;
    String run;
    String net;
    String routerA;
    String routerB;
    String unknown;
    long deviceA;
    long deviceB;
    long branchB;
    String manager;
    String password;

    @BeforeEach
    void fleet() {
        admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        run = Deployments.unique();
        net = Deployments.net();
        routerA = net + "10";
        routerB = net + "11";
        unknown = net + "99";
        long regionA = TestFleet.region(admin, "Events A " + run, "EA" + run);
        long regionB = TestFleet.region(admin, "Events B " + run, "EB" + run);
        long branchA = TestFleet.branch(admin, regionA, "Events A " + run, "EBA" + run);
        branchB = TestFleet.branch(admin, regionB, "Events B " + run, "EBB" + run);
        deviceA = TestFleet.device(admin, "{\"name\":\"router-a-" + run + "\",\"ip\":\"" + routerA + "\",\"type\":\"ROUTER\","
                + "\"branchId\":" + branchA + "}").getJsonNumber("id").longValue();
        deviceB = TestFleet.device(admin, "{\"name\":\"router-b-" + run + "\",\"ip\":\"" + routerB + "\",\"type\":\"ROUTER\",\"branchId\":"
                + branchB + "}").getJsonNumber("id").longValue();
        manager = "events-manager-" + run;
        password = "Events-password-" + run;
        TestFleet.regionalManager(admin, manager, password, regionA);
    }

    @Test
    void aLinkDownTrapFromAKnownRouterIsStoredDecodedListedAndPushedLive() throws Exception {
        try (FeedClient feed = FeedClient.connect(base, "api/v1/ws/events", "admin", Deployments.ADMIN_PASSWORD).get(20, TimeUnit.SECONDS)) {
            assertEquals("snapshot", feed.next(Duration.ofSeconds(10)).type());
            snmptrap(routerA, "1.3.6.1.6.3.1.1.5.3", "1.3.6.1.2.1.2.2.1.1.4", "i", "4", "1.3.6.1.2.1.2.2.1.8.4", "i", "2");

            JsonObject listed = awaitListed(admin, "api/v1/events?source=" + routerA, e -> e.getString("name").equals("linkDown"));
            assertEquals(deviceA, listed.getJsonNumber("deviceId").longValue());
            assertEquals("router-a-" + run, listed.getString("deviceName"));
            assertEquals("TRAP", listed.getString("kind"));
            assertEquals("WARNING", listed.getString("severity"));
            assertEquals("down(2)", listed.getJsonObject("fields").getString("ifOperStatus.4"));
            assertEquals("4", listed.getJsonObject("fields").getString("ifIndex.4"));

            assertTrue(deltaWith(feed, routerA, "linkDown"), "the trap was pushed on /api/v1/ws/events");
        }
    }

    @Test
    void aLinkDownRaisesOneInterfaceAlertAndTheLinkUpOfThatInterfaceResolvesIt() throws Exception {
        snmptrap(routerA, "1.3.6.1.6.3.1.1.5.3", "1.3.6.1.2.1.2.2.1.1.7", "i", "7", "1.3.6.1.2.1.2.2.1.2.7", "s", "Gi0/7");
        JsonObject alert = awaitListed(admin, "api/v1/alerts?state=OPEN&device=" + deviceA,
                a -> a.getString("subjectKey").equals("trap:device:" + deviceA + ":ifIndex:7"));
        assertEquals("MAJOR", alert.getString("severity"));
        assertTrue(alert.getString("message").contains("Gi0/7"), alert.toString());
        assertEquals(1, alert.getInt("repeatCount"));
        // The same linkDown again is the same alert, not a second one: it counts up, with when it was last seen,
        // and the alerts feed says so at once (a REPEATED change carrying the new count), so a console shows ×2 live.
        long alertId = alert.getJsonNumber("id").longValue();
        try (FeedClient alerts = FeedClient.connect(base, "api/v1/ws/alerts", "admin", Deployments.ADMIN_PASSWORD).get(20, TimeUnit.SECONDS)) {
            snmptrap(routerA, "1.3.6.1.6.3.1.1.5.3", "1.3.6.1.2.1.2.2.1.1.7", "i", "7");
            JsonObject change = alertChange(alerts, alertId, "REPEATED");
            assertNotNull(change, "a REPEATED change of alert " + alertId + " on /api/v1/ws/alerts");
            assertEquals(2, change.getJsonObject("alert").getInt("repeatCount"), change.toString());
        }
        JsonObject repeated = awaitListed(admin, "api/v1/alerts?state=OPEN&device=" + deviceA,
                a -> a.getJsonNumber("id").longValue() == alertId && a.getInt("repeatCount") == 2);
        assertFalse(repeated.isNull("lastSeenAt"), repeated.toString());
        // A linkUp of another interface resolves nothing; the one of interface 7 does.
        snmptrap(routerA, "1.3.6.1.6.3.1.1.5.4", "1.3.6.1.2.1.2.2.1.1.8", "i", "8");
        snmptrap(routerA, "1.3.6.1.6.3.1.1.5.4", "1.3.6.1.2.1.2.2.1.1.7", "i", "7");
        long id = alert.getJsonNumber("id").longValue();
        awaitListed(admin, "api/v1/alerts?state=RESOLVED&device=" + deviceA, a -> a.getJsonNumber("id").longValue() == id);
        Http.Answer open = admin.get("api/v1/alerts?state=OPEN&device=" + deviceA);
        assertEquals(0, open.json().getJsonArray("items").size(), "no alert left open, none duplicated: " + open);
    }

    @Test
    void aLongMatchingSyslogLineAndATrapWithAHugeIfIndexStillRaiseAlerts() throws Exception {
        // arquillian.xml sets wardops.events.syslog-alert-pattern=IT-SYSLOG-ALERT; the line is stored whole (2,000
        // characters), the alert's message is cut to its column (1,000) instead of failing the alert's insert.
        String line = "IT-SYSLOG-ALERT " + run + " " + "y".repeat(2100);
        syslog(routerA, "<11>1 2026-12-05T10:00:00Z router-a app - - - " + line);
        JsonObject alert = awaitListed(admin, "api/v1/alerts?state=OPEN&device=" + deviceA,
                a -> a.getString("subjectKey").equals("syslog:device:" + deviceA));
        assertTrue(alert.getString("message").contains("IT-SYSLOG-ALERT " + run), alert.toString());
        assertTrue(alert.getString("message").length() <= 1000, alert.toString());

        String ifIndex = "9".repeat(400);
        snmptrap(routerB, "1.3.6.1.6.3.1.1.5.3", "1.3.6.1.2.1.2.2.1.1.9", "s", ifIndex);
        JsonObject link = awaitListed(admin, "api/v1/alerts?state=OPEN&device=" + deviceB,
                a -> a.getString("subjectKey").startsWith("trap:device:" + deviceB + ":ifIndex:999"));
        assertTrue(link.getString("subjectKey").length() <= 120, link.toString());
        // Its linkUp finds the same (cut) subject and resolves it.
        snmptrap(routerB, "1.3.6.1.6.3.1.1.5.4", "1.3.6.1.2.1.2.2.1.1.9", "s", ifIndex);
        long id = link.getJsonNumber("id").longValue();
        awaitListed(admin, "api/v1/alerts?state=RESOLVED&device=" + deviceB, a -> a.getJsonNumber("id").longValue() == id);
    }

    @Test
    void aTrapAlertRaisedInAMaintenanceWindowIsMarkedSoItIsNotNotified() throws Exception {
        java.time.Instant now = java.time.Instant.now();
        Http.Answer window = admin.postJson("api/v1/maintenance-windows", "{\"name\":\"Events window " + run + "\",\"scopeType\":\"BRANCH\","
                + "\"scopeValue\":\"" + branchB + "\",\"startsAt\":\"" + now.minusSeconds(60) + "\",\"endsAt\":\"" + now.plusSeconds(3600) + "\"}");
        assertEquals(201, window.status(), window.toString());
        snmptrap(routerB, "1.3.6.1.6.3.1.1.5.3", "1.3.6.1.2.1.2.2.1.1.2", "i", "2");
        JsonObject alert = awaitListed(admin, "api/v1/alerts?state=OPEN&device=" + deviceB,
                a -> a.getString("subjectKey").equals("trap:device:" + deviceB + ":ifIndex:2"));
        assertTrue(alert.getBoolean("inMaintenance"), "raised in the window: marked, and so not notified: " + alert);
    }

    @Test
    void aRegionalManagerSeesOnlyTheirRegionsEventsListedAndLive() throws Exception {
        Http regional = Http.anonymous(base).as(manager, password);
        try (FeedClient feed = FeedClient.connect(base, "api/v1/ws/events", manager, password).get(20, TimeUnit.SECONDS)) {
            assertEquals("snapshot", feed.next(Duration.ofSeconds(10)).type());
            syslog(routerB, "<187>1 2026-12-05T10:00:00Z router-b bgpd - - - region B only " + run);
            syslog(unknown, "<12>Dec  5 10:00:00 stranger sshd[7]: unknown source " + run);
            syslog(routerA, "<188>1 2026-12-05T10:00:01Z router-a vpnd - - - region A " + run);

            // Everyone-regions roles see all three, the unknown source flagged as such.
            awaitListed(admin, "api/v1/events?text=" + run, e -> e.getString("source").equals(routerB));
            JsonObject stranger = awaitListed(admin, "api/v1/events?unknown=true&text=" + run, e -> e.getString("source").equals(unknown));
            assertFalse(stranger.containsKey("deviceId") && !stranger.isNull("deviceId"), "an unknown source is kept, with no device");
            awaitListed(admin, "api/v1/events?text=" + run, e -> e.getString("source").equals(routerA));

            List<String> seen = sources(regional.get("api/v1/events?text=" + run));
            assertEquals(List.of(routerA), seen, "the manager sees region A's event only");
            assertEquals(List.of(), sources(regional.get("api/v1/events?unknown=true")), "and no unknown sources");

            List<String> pushed = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!pushed.contains(routerA) && System.nanoTime() < deadline) {
                FeedClient.Message m = feed.next(Duration.ofSeconds(2));
                if (m != null && m.type().equals("delta")) {
                    for (JsonValue v : m.json().getJsonArray("changes")) {
                        pushed.add(v.asJsonObject().getString("source"));
                    }
                }
            }
            assertTrue(pushed.contains(routerA), "region A's event was pushed to the manager: " + pushed);
            assertFalse(pushed.contains(routerB) || pushed.contains(unknown), "nothing else was: " + pushed);
        }
    }

    @Test
    void anExportHoldsTheCallersEventsAsJsonLinesAndIsAudited() throws Exception {
        String marker = "exp-" + run;
        syslog(routerA, "<14>1 2026-12-05T10:00:00Z router-a app - - - " + marker + " a");
        syslog(routerB, "<14>1 2026-12-05T10:00:00Z router-b app - - - " + marker + " b");
        awaitListed(admin, "api/v1/events?text=" + marker, e -> e.getString("source").equals(routerA));
        awaitListed(admin, "api/v1/events?text=" + marker, e -> e.getString("source").equals(routerB));

        Http.Answer export = Http.anonymous(base).as(manager, password).get("api/v1/events/export?text=" + marker);
        assertEquals(200, export.status(), export.toString());
        assertTrue(export.contentType().startsWith("application/x-ndjson"), export.toString());
        List<String> lines = export.body().lines().toList();
        assertEquals(1, lines.size(), "only region A's event: " + export.body());
        try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(new java.io.StringReader(lines.get(0)))) {
            assertEquals(routerA, r.readObject().getString("source"));
        }
        Http.Answer audited = admin.get("api/v1/audit/events?action=EXPORT&object_type=event&user=" + manager);
        assertEquals(200, audited.status(), audited.toString());
        assertEquals(1, audited.json().getJsonArray("items").size(), "the export is in the audit log: " + audited);
    }

    @Test
    void aCsvExportIsScopedDefusesSpreadsheetFormulasAndIsAudited() throws Exception {
        String marker = "csv-" + run;
        syslog(routerA, "<14>1 2026-12-05T10:00:00Z router-a app - - - =1+2 " + marker);
        syslog(routerA, "<14>1 2026-12-05T10:00:01Z router-a app - - - plain, quoted \"" + marker + "\"");
        syslog(routerB, "<14>1 2026-12-05T10:00:00Z router-b app - - - =3+4 " + marker);
        awaitListed(admin, "api/v1/events?text=" + marker, e -> e.getString("source").equals(routerA) && e.getString("message").startsWith("="));
        awaitListed(admin, "api/v1/events?text=" + marker, e -> e.getString("source").equals(routerA) && e.getString("message").startsWith("plain"));
        awaitListed(admin, "api/v1/events?text=" + marker, e -> e.getString("source").equals(routerB));

        Http.Answer csv = Http.anonymous(base).as(manager, password).get("api/v1/events/export?format=csv&text=" + marker);
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.toString());
        assertTrue(csv.header("Content-Disposition").contains("wardops-events.csv"), csv.toString());
        List<String> lines = csv.body().lines().toList();
        assertEquals("id,received_at,source,device_id,device_name,region_id,kind,severity,name,message,fields,raw", lines.get(0));
        assertEquals(3, lines.size(), "a header and region A's two events only: " + csv.body());
        assertTrue(lines.stream().anyMatch(l -> l.contains(",'=1+2 " + marker + ",")), "a formula is defused with a leading ': " + csv.body());
        assertTrue(lines.stream().noneMatch(l -> l.contains(",=1+2")), "no cell starts with = : " + csv.body());
        assertTrue(lines.stream().anyMatch(l -> l.contains(",\"plain, quoted \"\"" + marker + "\"\"\",")),
                "a cell with a comma or quote is quoted as RFC 4180 says: " + csv.body());
        assertFalse(csv.body().contains("=3+4"), "not region B's event");

        Http.Answer audited = admin.get("api/v1/audit/events?action=EXPORT&object_type=event&user=" + manager);
        assertTrue(audited.json().getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .anyMatch(a -> a.getString("details", "").contains("CSV") && a.getString("details", "").contains(marker)),
                "the CSV export is audited with its filter: " + audited);
        assertEquals(400, admin.get("api/v1/events/export?format=xlsx").status());
    }

    @Test
    void anExportOfMoreThanOnePageIsStreamedWholeNewestFirstAndScoped() throws Exception {
        // 1,200 events over two routers (600 each, under the per-source burst of 1,000): more than one page of 1,000.
        String marker = "big-" + run;
        for (int i = 0; i < 600; i++) {
            syslog(routerA, "<14>1 2026-12-05T10:00:00Z router-a app - - - " + marker + " a " + i);
            syslog(routerB, "<14>1 2026-12-05T10:00:00Z router-b app - - - " + marker + " b " + i);
            if (i % 100 == 99) {
                Thread.sleep(50);
            }
        }
        Http.Answer export = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            export = admin.get("api/v1/events/export?text=" + marker);
            assertEquals(200, export.status(), export.toString());
            if (export.body().lines().count() >= 1200) {
                break;
            }
            Thread.sleep(500);
        }
        List<String> lines = export.body().lines().toList();
        assertEquals(1200, lines.size(), "every event once, across the page boundary");
        assertEquals(null, export.header("Content-Length"), "streamed, its length not computed up front");
        List<JsonObject> rows = lines.stream().map(l -> {
            try (jakarta.json.JsonReader r = jakarta.json.Json.createReader(new java.io.StringReader(l))) {
                return r.readObject();
            }
        }).toList();
        assertEquals(1200, rows.stream().map(r -> r.getJsonNumber("id").longValue()).distinct().count(), "no row twice");
        for (int i = 1; i < rows.size(); i++) {
            java.time.Instant newer = java.time.Instant.parse(rows.get(i - 1).getString("receivedAt"));
            java.time.Instant older = java.time.Instant.parse(rows.get(i).getString("receivedAt"));
            assertTrue(!older.isAfter(newer), "newest first at line " + i);
        }
        Http.Answer scoped = Http.anonymous(base).as(manager, password).get("api/v1/events/export?text=" + marker);
        assertEquals(200, scoped.status(), scoped.toString());
        List<String> mine = scoped.body().lines().toList();
        assertEquals(600, mine.size(), "a regional manager's export holds only region A's events");
        assertTrue(mine.stream().allMatch(l -> l.contains("\"source\":\"" + routerA + "\"")), "only router A");
    }

    @Test
    void theConsolePageListsTheCallersEventsAsTextAndListensOnTheFeed() throws Exception {
        String marker = "page-" + run;
        syslog(routerA, "<14>1 2026-12-05T10:00:00Z router-a app - - - " + marker + " <b>bold</b>");
        syslog(routerB, "<14>1 2026-12-05T10:00:00Z router-b app - - - " + marker + " other region");
        awaitListed(admin, "api/v1/events?text=" + marker, e -> e.getString("source").equals(routerA));
        awaitListed(admin, "api/v1/events?text=" + marker, e -> e.getString("source").equals(routerB));

        ge.wardops.testing.ConsoleBrowser browser = new ge.wardops.testing.ConsoleBrowser(base);
        assertEquals(302, browser.login(manager, password, "/console/").statusCode());
        var page = browser.get("console/events.xhtml");
        assertEquals(200, page.statusCode(), page.body());
        // The page names its live view; live.js (no inline script on console pages) opens /api/v1/ws/events for it.
        assertTrue(page.body().contains("data-live-view=\"events\""), "the page names the events live view");
        assertFalse(page.body().contains("new WebSocket"), "no inline script of its own");
        java.util.regex.Matcher script = java.util.regex.Pattern.compile("src=\"([^\"]*live\\.js[^\"]*)\"").matcher(page.body());
        assertTrue(script.find(), "the page loads live.js");
        String src = script.group(1).replace("&amp;", "&");
        var live = browser.get(src.substring(src.indexOf(base.getPath()) + base.getPath().length()));
        assertEquals(200, live.statusCode());
        assertTrue(live.body().contains("'/api/v1/ws/events'") && live.body().contains("refreshEvents"),
                "live.js's events view listens on the feed and refreshes the table");
        assertTrue(page.body().contains(marker + " &lt;b&gt;bold&lt;/b&gt;"), "region A's event, its markup shown as text");
        assertFalse(page.body().contains(marker + " other region"), "not region B's event");
        assertTrue(page.body().contains("router-a-" + run), "the device is named");
    }

    @Test
    void anAdministratorAddsAVendorMibAndTheVendorsTrapsAreListedByNameWithNamedValues() throws Exception {
        // The test vendor's MIB (ejb-module's test resources), under a module name of this run's own.
        String module = "ACME-NOC-MIB-" + run.toUpperCase(java.util.Locale.ROOT);
        String mib = java.nio.file.Files.readString(java.nio.file.Path.of("../ejb-module/src/test/resources/mibs/ACME-NOC-MIB.txt"))
                .replace("ACME-NOC-MIB", module);
        String operator = "events-operator-" + run;
        TestFleet.user(admin, operator, password, "operator");
        Http operatorHttp = Http.anonymous(base).as(operator, password);
        assertEquals(403, operatorHttp.post("api/v1/events/mibs", "text/plain", mib).status(), "only an administrator adds MIBs");

        String broken = mib.replace("::= { acmeObjects 2 }", "::= { acmeObjects 2");
        Http.Answer refused = admin.post("api/v1/events/mibs?fileName=" + module + ".txt", "text/plain", broken);
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.contentType().startsWith("application/problem+json"), refused.toString());
        int line = broken.lines().toList().indexOf("acmeFanFailed NOTIFICATION-TYPE") + 1;
        String problem = refused.json().getJsonArray("errors").getJsonObject(0).getString("message");
        assertTrue(problem.startsWith(module + ".txt line " + line + ": ") && problem.contains("NOTIFICATION-TYPE"), problem);

        Http.Answer added = admin.post("api/v1/events/mibs?fileName=" + module + ".txt", "text/plain", mib);
        assertEquals(201, added.status(), added.toString());
        long id = added.json().getJsonNumber("id").longValue();
        try {
            assertEquals(409, admin.post("api/v1/events/mibs?fileName=other-" + run + ".txt", "text/plain", mib).status(),
                    "the same module twice is a conflict");
            Http.Answer listed = operatorHttp.get("api/v1/events/mibs");
            assertEquals(200, listed.status(), listed.toString());
            assertTrue(listed.array().stream().map(JsonValue::asJsonObject)
                    .anyMatch(m -> m.getBoolean("bundled") && m.getString("fileName").equals("IF-MIB.txt")), listed.toString());
            assertTrue(listed.array().stream().map(JsonValue::asJsonObject)
                    .anyMatch(m -> !m.getBoolean("bundled") && m.getJsonArray("modules").getString(0).equals(module)), listed.toString());

            snmptrap(routerA, "1.3.6.1.4.1.99999.0.1", "1.3.6.1.4.1.99999.1.1.1.1.2", "i", "2", "1.3.6.1.4.1.99999.1.1.1.2.2", "i", "2");
            JsonObject trap = awaitListed(admin, "api/v1/events?source=" + routerA, e -> e.getString("name").equals("acmeFanFailed"));
            assertEquals(module + "::acmeFanFailed", trap.getJsonObject("fields").getString("trap"));
            assertEquals("degraded(2)", trap.getJsonObject("fields").getString("acmeFanState.2"));
            assertEquals("acmeFanFailed acmeFanIndex.2=2 acmeFanState.2=degraded(2)", trap.getString("message"));
            ge.wardops.testing.ConsoleBrowser browser = new ge.wardops.testing.ConsoleBrowser(base);
            assertEquals(302, browser.login("admin", Deployments.ADMIN_PASSWORD, "/console/").statusCode());
            String page = browser.get("console/events.xhtml").body();
            assertTrue(page.contains(module + "::acmeFanFailed") && page.contains("acmeFanState.2=degraded(2)"),
                    "the console names the trap by its MIB");

            Http.Answer audited = admin.get("api/v1/audit/events?action=CREATE&object_type=event_mib&object_id=" + id);
            assertEquals(1, audited.json().getJsonArray("items").size(), "the addition is audited: " + audited);
        } finally {
            assertEquals(204, admin.delete("api/v1/events/mibs/" + id).status());
        }
        Http.Answer deleted = admin.get("api/v1/audit/events?action=DELETE&object_type=event_mib&object_id=" + id);
        assertEquals(1, deleted.json().getJsonArray("items").size(), "the deletion is audited: " + deleted);
        assertEquals(404, admin.delete("api/v1/events/mibs/" + id).status());
    }

    @Test
    void anAdministratorsEventRuleRaisesItsAlertAnOperatorReadsRulesAndBadRulesAreRefused() throws Exception {
        String operator = "rules-operator-" + run;
        TestFleet.user(admin, operator, password, "operator");
        Http operatorHttp = Http.anonymous(base).as(operator, password);
        Http.Answer seeded = operatorHttp.get("api/v1/events/rules");
        assertEquals(200, seeded.status(), seeded.toString());
        assertTrue(seeded.array().stream().map(JsonValue::asJsonObject).anyMatch(r -> r.getString("trap", "").equals("linkDown")
                && r.getString("clearedBy", "").equals("linkUp")), "the built-in linkDown rule is an editable rule: " + seeded);
        assertEquals(403, Http.anonymous(base).as(manager, password).get("api/v1/events/rules").status(), "a regional manager reads none");

        String rule = "{\"name\":\"VPN down " + run + "\",\"kind\":\"SYSLOG\",\"syslogSeverity\":\"err\",\"program\":\"vpnd\","
                + "\"messagePattern\":\"tunnel \\\\S+ down " + run + "\",\"deviceId\":" + deviceB + ",\"severity\":\"CRITICAL\","
                + "\"subject\":\"vpn\"}";
        assertEquals(403, operatorHttp.postJson("api/v1/events/rules", rule).status(), "an operator does not edit rules");
        Http.Answer bad = admin.postJson("api/v1/events/rules", rule.replace("tunnel \\\\S+", "tunnel (\\\\S+"));
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.contentType().startsWith("application/problem+json"), bad.toString());
        assertTrue(bad.body().contains("messagePattern") && bad.body().contains("index"), bad.toString());
        Http.Answer created = admin.postJson("api/v1/events/rules", rule);
        assertEquals(201, created.status(), created.toString());
        long ruleId = created.json().getJsonNumber("id").longValue();

        // Too mild, and another device (out of the rule's scope): no alert. Then the real one.
        syslog(routerB, "<13>1 2026-12-05T10:00:00Z router-b vpnd - - - tunnel t1 down " + run);
        syslog(routerA, "<11>1 2026-12-05T10:00:00Z router-a vpnd - - - tunnel t1 down " + run);
        syslog(routerB, "<11>1 2026-12-05T10:00:00Z router-b vpnd - - - tunnel t1 down " + run);
        JsonObject alert = awaitListed(admin, "api/v1/alerts?state=OPEN&device=" + deviceB,
                a -> a.getString("subjectKey").equals("syslog:device:" + deviceB + ":vpn"));
        assertEquals("CRITICAL", alert.getString("severity"));
        assertEquals(1, alert.getInt("repeatCount"), "the milder line raised nothing: " + alert);
        assertEquals(0, admin.get("api/v1/alerts?state=OPEN&device=" + deviceA).json().getJsonArray("items").stream()
                .map(JsonValue::asJsonObject).filter(a -> a.getString("subjectKey").endsWith(":vpn")).count(), "router A is out of scope");

        // Disabled: the same line raises nothing more (the open alert's count stays).
        JsonObject view = created.json();
        Http.Answer disabled = admin.putJson("api/v1/events/rules/" + ruleId, rule.replace("\"name\"", "\"enabled\":false,\"version\":"
                + view.getJsonNumber("version").longValue() + ",\"name\""));
        assertEquals(200, disabled.status(), disabled.toString());
        assertFalse(disabled.json().getBoolean("enabled"));
        Thread.sleep(500);
        syslog(routerB, "<11>1 2026-12-05T10:00:00Z router-b vpnd - - - tunnel t2 down " + run);
        awaitListed(admin, "api/v1/events?text=t2%20down%20" + run, e -> true);
        Thread.sleep(1000);
        JsonObject after = awaitListed(admin, "api/v1/alerts?state=OPEN&device=" + deviceB,
                a -> a.getJsonNumber("id").longValue() == alert.getJsonNumber("id").longValue());
        assertEquals(1, after.getInt("repeatCount"), "a disabled rule counts nothing: " + after);

        ge.wardops.testing.ConsoleBrowser browser = new ge.wardops.testing.ConsoleBrowser(base);
        assertEquals(302, browser.login(operator, password, "/console/").statusCode());
        String page = browser.get("console/events.xhtml").body();
        assertTrue(page.contains("VPN down " + run) && page.contains("syslog vpnd, err or worse") && page.contains("disabled"),
                "the console lists the rules to an operator");
        ge.wardops.testing.ConsoleBrowser managerBrowser = new ge.wardops.testing.ConsoleBrowser(base);
        assertEquals(302, managerBrowser.login(manager, password, "/console/").statusCode());
        assertFalse(managerBrowser.get("console/events.xhtml").body().contains("VPN down " + run), "but not to a regional manager");

        assertFalse(page.contains(":toggle"), "an operator has no switch");

        // An administrator switches it back on in the console.
        ge.wardops.testing.ConsoleBrowser adminBrowser = new ge.wardops.testing.ConsoleBrowser(base);
        assertEquals(302, adminBrowser.login("admin", Deployments.ADMIN_PASSWORD, "/console/").statusCode());
        String adminPage = adminBrowser.get("console/events.xhtml").body();
        java.util.regex.Matcher row = java.util.regex.Pattern.compile("VPN down " + java.util.regex.Pattern.quote(run)
                + ".*?name=\"(events:ruleTable:\\d+:toggle)\"", java.util.regex.Pattern.DOTALL).matcher(adminPage);
        assertTrue(row.find(), "the administrator's page has the rule's switch");
        assertEquals(200, adminBrowser.press("console/events.xhtml", "events", row.group(1)).statusCode());
        Http.Answer reenabled = admin.get("api/v1/events/rules/" + ruleId);
        assertTrue(reenabled.json().getBoolean("enabled"), "switched on from the console: " + reenabled);

        Http.Answer createAudited = admin.get("api/v1/audit/events?action=CREATE&object_type=event_rule&object_id=" + ruleId);
        assertEquals(1, createAudited.json().getJsonArray("items").size(), "the creation is audited: " + createAudited);
        Http.Answer updated = admin.get("api/v1/audit/events?action=UPDATE&object_type=event_rule&object_id=" + ruleId);
        assertEquals(2, updated.json().getJsonArray("items").size(), "the API's and the console's changes are audited: " + updated);
        assertEquals(204, admin.delete("api/v1/events/rules/" + ruleId).status());
    }

    @Test
    void badFiltersAreRefusedAsProblemJson() {
        for (String query : List.of("kind=BOGUS", "severity=LOUD", "source=not-an-address", "limit=0", "limit=1001",
                "from=yesterday", "text=" + "x".repeat(201))) {
            Http.Answer a = admin.get("api/v1/events?" + query);
            assertEquals(400, a.status(), query + ": " + a);
            assertTrue(a.contentType().startsWith("application/problem+json"), query + ": " + a);
        }
    }

    @Test
    void theReceiversReportListeningAndCountsToEveryRegionRolesOnly() throws Exception {
        snmptrap(routerA, "1.3.6.1.6.3.1.1.5.1");
        awaitListed(admin, "api/v1/events?source=" + routerA, e -> e.getString("name").equals("coldStart"));
        Http.Answer status = admin.get("api/v1/events/receivers");
        assertEquals(200, status.status(), status.toString());
        JsonObject s = status.json();
        assertTrue(s.getBoolean("trapListening"), s.toString());
        assertTrue(s.getBoolean("syslogListening"), s.toString());
        assertEquals(TRAP_PORT, s.getInt("trapPort"));
        assertTrue(s.getJsonObject("counters").getJsonNumber("stored").longValue() >= 1, s.toString());
        assertEquals(403, Http.anonymous(base).as(manager, password).get("api/v1/events/receivers").status());
    }

    private static JsonObject awaitListed(Http caller, String path, Predicate<JsonObject> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Http.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = caller.get(path);
            assertEquals(200, last.status(), last.toString());
            // Events answer a list, alerts a page ({"items": [...]}).
            JsonArray rows = last.body().strip().startsWith("{") ? last.json().getJsonArray("items") : last.array();
            for (JsonValue v : rows) {
                if (match.test(v.asJsonObject())) {
                    return v.asJsonObject();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not listed within 15 s at " + path + ": " + last);
    }

    private static boolean deltaWith(FeedClient feed, String source, String name) throws InterruptedException {
        return firstChange(feed, e -> e.getString("source").equals(source) && e.getString("name").equals(name)) != null;
    }

    /** The first change of {@code kind} for alert {@code id} on the alerts feed within 10 s, or null. */
    private static JsonObject alertChange(FeedClient feed, long id, String kind) throws InterruptedException {
        return firstChange(feed, ch -> ch.getString("kind").equals(kind) && ch.getJsonObject("alert").getJsonNumber("id").longValue() == id);
    }

    /** The first change in a delta on {@code feed} within 10 s that {@code wanted} accepts, or null. */
    private static JsonObject firstChange(FeedClient feed, java.util.function.Predicate<JsonObject> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            FeedClient.Message m = feed.next(Duration.ofSeconds(2));
            if (m != null && m.type().equals("delta")) {
                for (JsonValue v : m.json().getJsonArray("changes")) {
                    if (wanted.test(v.asJsonObject())) {
                        return v.asJsonObject();
                    }
                }
            }
        }
        return null;
    }

    private static List<String> sources(Http.Answer a) {
        assertEquals(200, a.status(), a.toString());
        JsonArray rows = a.array();
        return rows.stream().map(v -> v.asJsonObject().getString("source")).distinct().toList();
    }

    private static void snmptrap(String from, String... trapAndVarbinds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("snmptrap", "-v", "2c", "-c", "public", "--clientaddr=" + from,
                "127.0.0.1:" + TRAP_PORT, ""));
        command.addAll(List.of(trapAndVarbinds));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static void syslog(String from, String message) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(from), 0))) {
            byte[] data = message.getBytes(StandardCharsets.UTF_8);
            s.send(new DatagramPacket(data, data.length, new InetSocketAddress("127.0.0.1", SYSLOG_PORT)));
        }
    }
}
