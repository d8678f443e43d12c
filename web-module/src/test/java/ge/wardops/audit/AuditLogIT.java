package ge.wardops.audit;

import ge.wardops.security.Roles;
import ge.wardops.testing.ConsoleBrowser;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.FeedClient;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log as auditors, regional managers and attackers meet it in the running application:
 * who may read it, what the filters and exports give, that refusals, failed logins and logouts are
 * recorded with the client's address, that markup in the log stays text on the auditor's page,
 * and that committed rows reach a syslog receiver.
 */
@ExtendWith(ArquillianExtension.class)
class AuditLogIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    private Http admin() {
        return Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
    }

    /** A user of {@code role} (regional managers get {@code region}); answers their client. */
    private Http user(String role, String run, Long region) {
        String name = role.replace('_', '-') + "-" + run;
        String password = "Audit-password-" + run;
        Http.Answer created = admin().postJson("api/v1/users", "{\"username\":\"" + name + "\",\"password\":\"" + password
                + "\",\"roles\":[\"" + role + "\"]" + (region == null ? "" : ",\"regionIds\":[" + region + "]") + "}");
        assertEquals(201, created.status(), created.toString());
        return Http.anonymous(base).as(name, password);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonArray items(Http.Answer a) {
        assertEquals(200, a.status(), a.toString());
        return a.json().getJsonArray("items");
    }

    @Test
    void onlyAdminsAndAuditorsReadTheLogAndARegionalManagerGetsNothingOfIt() {
        String run = Deployments.unique();
        long region = TestFleet.region(admin(), "Audit leak " + run, "AL" + run);
        Http manager = user(Roles.REGIONAL_MANAGER, run, region);
        Http auditor = user(Roles.AUDITOR, run, null);
        for (Http refused : List.of(manager, user(Roles.OPERATOR, run, null), user(Roles.VIEWER, run, null))) {
            for (String path : List.of("api/v1/audit/events", "api/v1/audit/events?region=" + region,
                    "api/v1/audit/events/export?format=csv&region=" + region, "api/v1/audit/events/export?format=jsonl",
                    "api/v1/audit/chain")) {
                Http.Answer a = refused.get(path);
                assertEquals(403, a.status(), path + ": " + a);
                assertFalse(a.body().contains("AL" + run), "nothing of the log in a refusal");
            }
        }
        assertEquals(401, Http.anonymous(base).get("api/v1/audit/events").status());
        JsonArray regionEvents = items(auditor.get("api/v1/audit/events?region=" + region));
        assertEquals(1, regionEvents.size(), regionEvents.toString());
        assertEquals("CREATE", regionEvents.getJsonObject(0).getString("action"));
        assertEquals(200, auditor.get("api/v1/audit/events/export?format=csv&region=" + region).status());
        assertEquals(403, auditor.postJson("api/v1/regions", "{\"name\":\"x" + run + "\",\"code\":\"X" + run + "\"}").status(),
                "auditors read but change nothing");
    }

    @Test
    void filtersNarrowByRegionObjectUserActionAndTimeAndPage() {
        String run = Deployments.unique();
        Http admin = admin();
        Instant start = Instant.now().minusSeconds(1);
        long north = TestFleet.region(admin, "Audit north " + run, "AN" + run);
        long south = TestFleet.region(admin, "Audit south " + run, "AS" + run);
        long northBranch = TestFleet.branch(admin, north, "Audit north branch " + run, "ANB" + run);
        long southBranch = TestFleet.branch(admin, south, "Audit south branch " + run, "ASB" + run);
        long device = TestFleet.device(admin, "{\"name\":\"audit-dev-" + run + "\",\"ip\":\"" + Deployments.net() + "9\","
                + "\"type\":\"ROUTER\",\"branchId\":" + northBranch + "}").getJsonNumber("id").longValue();
        JsonObject renamed = admin.putJson("api/v1/branches/" + southBranch, "{\"regionId\":" + south
                + ",\"name\":\"Audit south renamed " + run + "\",\"code\":\"ASB" + run + "\",\"version\":"
                + admin.get("api/v1/branches/" + southBranch).json().getJsonNumber("version") + "}").json();
        assertTrue(renamed.containsKey("id"), renamed.toString());
        Http auditor = user(Roles.AUDITOR, run, null);

        JsonArray northEvents = items(auditor.get("api/v1/audit/events?region=" + north));
        assertEquals(List.of("device " + device, "branch " + northBranch, "region " + north), objects(northEvents),
                "the region's own events, its branches' and devices', newest first");
        JsonArray southUpdates = items(auditor.get("api/v1/audit/events?region=" + south + "&action=update"));
        assertEquals(1, southUpdates.size());
        JsonObject update = southUpdates.getJsonObject(0);
        assertEquals("Audit south branch " + run, update.getJsonObject("before").getString("name"));
        assertEquals("Audit south renamed " + run, update.getJsonObject("after").getString("name"));
        assertEquals("admin", update.getString("actor"));
        assertEquals(64, update.getString("hash").length());

        assertEquals(List.of("device " + device), objects(items(auditor.get("api/v1/audit/events?object_type=device&object_id=" + device))));
        JsonObject page = auditor.get("api/v1/audit/events?user=admin&from=" + q(start.toString()) + "&limit=2&offset=1").json();
        assertEquals(2, page.getJsonArray("items").size());
        assertTrue(page.getJsonNumber("total").longValue() >= 5, page.toString());
        assertEquals(1, page.getInt("offset"));
        assertEquals(0, items(auditor.get("api/v1/audit/events?region=" + north + "&to=" + q(start.toString()))).size(),
                "nothing of it before it happened");

        Http.Answer bad = auditor.get("api/v1/audit/events?from=yesterday&region=north&limit=0");
        assertEquals(400, bad.status(), bad.toString());
        assertTrue(bad.contentType().startsWith("application/problem+json"), bad.contentType());
        List<String> fields = bad.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")).toList();
        assertEquals(List.of("from", "region"), fields);
        assertEquals("limit", auditor.get("api/v1/audit/events?limit=0").json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals("offset", auditor.get("api/v1/audit/events?offset=x").json().getJsonArray("errors").getJsonObject(0).getString("field"));
        Http.Answer badFormat = auditor.get("api/v1/audit/events/export?format=xml");
        assertEquals(400, badFormat.status());
        assertEquals("format", badFormat.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(400, auditor.get("api/v1/audit/events?from=" + q(Instant.now().toString()) + "&to=" + q(start.toString())).status());
    }

    @Test
    void exportsKeepAwkwardTextIntactAndAreThemselvesAudited() {
        String run = Deployments.unique();
        String awkward = "csv,\"q\"\nline-" + run;
        assertEquals(401, Http.anonymous(base).as(awkward, "nope").get("api/v1/regions").status());
        Http auditor = user(Roles.AUDITOR, run, null);

        Http.Answer csv = auditor.get("api/v1/audit/events/export?format=csv&user=" + q(awkward));
        assertEquals(200, csv.status(), csv.toString());
        assertTrue(csv.contentType().startsWith("text/csv"), csv.contentType());
        assertTrue(csv.header("Content-Disposition").contains(".csv"), csv.header("Content-Disposition"));
        List<List<String>> records = CsvReader.records(csv.body());
        assertEquals(2, records.size(), "header and one failed login: " + csv.body());
        assertEquals(AuditFormats.COLUMNS, records.get(0));
        List<String> row = records.get(1);
        assertEquals(awkward, row.get(AuditFormats.COLUMNS.indexOf("actor")));
        assertEquals("LOGIN_FAILED", row.get(AuditFormats.COLUMNS.indexOf("action")));
        assertEquals("127.0.0.1", row.get(AuditFormats.COLUMNS.indexOf("client_address")), "failed logins carry the address");

        Http.Answer jsonl = auditor.get("api/v1/audit/events/export?format=jsonl&from=" + q(Instant.now().minusSeconds(600).toString()));
        assertEquals(200, jsonl.status());
        assertTrue(jsonl.contentType().startsWith("application/x-ndjson"), jsonl.contentType());
        String[] lines = jsonl.body().split("\n");
        long previous = 0;
        boolean found = false;
        for (String line : lines) {
            JsonObject o = Json.createReader(new StringReader(line)).readObject();
            assertTrue(o.getJsonNumber("id").longValue() > previous, "chain order, oldest first");
            previous = o.getJsonNumber("id").longValue();
            found |= awkward.equals(o.getString("actor"));
        }
        assertTrue(found, "the failed login is among the last ten minutes' events");

        JsonArray exports = items(admin().get("api/v1/audit/events?action=EXPORT&user=" + q("auditor-" + run)));
        assertEquals(2, exports.size(), exports.toString());
        assertTrue(exports.getJsonObject(1).getString("details").startsWith("csv of {user=" + awkward), exports.toString());
        assertEquals("127.0.0.1", exports.getJsonObject(0).getString("client_address"));
    }

    @Test
    void refusalsAreAuditedWithTheAddressAndRepeatsAreCountedNotDropped() throws Exception {
        String run = Deployments.unique();
        Http viewer = user(Roles.VIEWER, run, null);
        for (int i = 0; i < 5; i++) {
            assertEquals(403, viewer.get("api/v1/audit/events").status());
        }
        String who = "viewer-" + run;
        JsonArray first = items(admin().get("api/v1/audit/events?action=ACCESS_DENIED&user=" + q(who)));
        assertEquals(1, first.size(), "one row for five identical refusals within the window: " + first);
        assertEquals("GET /api/v1/audit/events", first.getJsonObject(0).getString("object_id"));
        assertEquals("endpoint", first.getJsonObject(0).getString("object_type"));
        assertEquals("127.0.0.1", first.getJsonObject(0).getString("client_address"));
        JsonObject repeated = waitForOne("api/v1/audit/events?action=ACCESS_DENIED_REPEATED&user=" + q(who));
        assertTrue(repeated.getString("details").contains(" — 4 more identical refusals"), repeated.toString());

        ConsoleBrowser browser = new ConsoleBrowser(base);
        assertEquals(302, browser.login(who, "Audit-password-" + run, "/console/").statusCode());
        HttpResponse<String> page = browser.get("console/audit.xhtml");
        assertEquals(403, page.statusCode());
        assertTrue(page.body().contains("Access denied"), page.body());
        assertFalse(browser.get("console/index.xhtml").body().contains("navAudit"), "no menu entry for a viewer");
        JsonObject pageRefusal = waitForOne("api/v1/audit/events?action=ACCESS_DENIED&object_type=page&user=" + q(who));
        assertEquals("GET /console/audit.xhtml", pageRefusal.getString("object_id"));
        assertEquals("127.0.0.1", pageRefusal.getString("client_address"));

        CompletionException e = assertThrows(CompletionException.class,
                () -> FeedClient.connect(base, null, null).orTimeout(20, TimeUnit.SECONDS).join());
        assertEquals(401, assertInstanceOf(WebSocketHandshakeException.class, e.getCause()).getResponse().statusCode());
        JsonArray feedRefusals = items(admin().get("api/v1/audit/events?object_type=feed&user=anonymous&limit=5"));
        assertTrue(feedRefusals.stream().map(JsonValue::asJsonObject)
                        .anyMatch(o -> o.getString("object_id").equals("GET /api/v1/ws/devices") && o.getString("action").startsWith("ACCESS_DENIED")),
                feedRefusals.toString());
    }

    @Test
    void consoleLogoutIsAudited() {
        String run = Deployments.unique();
        user(Roles.OPERATOR, run, null);
        String who = "operator-" + run;
        ConsoleBrowser browser = new ConsoleBrowser(base);
        assertEquals(302, browser.login(who, "Audit-password-" + run, "/console/").statusCode());
        assertEquals(302, browser.logout("console/index.xhtml").statusCode());
        JsonArray logouts = items(admin().get("api/v1/audit/events?action=LOGOUT&user=" + q(who)));
        assertEquals(1, logouts.size(), logouts.toString());
        assertEquals("127.0.0.1", logouts.getJsonObject(0).getString("client_address"));
        assertEquals(0, items(admin().get("api/v1/audit/events?action=SESSION_ENDED&user=" + q(who))).size(),
                "a logout is not also a session that ended by itself");
    }

    @Test
    void theAuditorsPageShowsMarkupInTheLogAsTextWithItsBeforeAndAfter() {
        String run = Deployments.unique();
        String evil = "<script>alert('" + run + "')</script>";
        assertEquals(401, Http.anonymous(base).as(evil, "nope").get("api/v1/regions").status());
        long region = TestFleet.region(admin(), evil, "XS" + run);
        user(Roles.AUDITOR, run, null);

        ConsoleBrowser browser = new ConsoleBrowser(base);
        assertEquals(302, browser.login("auditor-" + run, "Audit-password-" + run, "/console/").statusCode());
        HttpResponse<String> list = browser.get("console/audit.xhtml?user=" + q(evil));
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains(evil), "markup in the log never reaches the page as markup");
        assertTrue(list.body().contains("&lt;script&gt;alert(") && list.body().contains("LOGIN_FAILED"), "shown as text");
        assertTrue(list.body().contains("navAudit"), "the auditor's menu has the page");
        assertTrue(list.body().contains("Chain verified up to row"), "the chain's state is on the page");
        assertTrue(list.body().contains("export?format=csv&amp;user="), "exports carry the page's filters");

        long created = items(admin().get("api/v1/audit/events?object_type=region&object_id=" + region)).getJsonObject(0)
                .getJsonNumber("id").longValue();
        HttpResponse<String> detail = browser.get("console/audit.xhtml?event=" + created);
        assertEquals(200, detail.statusCode());
        assertFalse(detail.body().contains(evil));
        assertTrue(detail.body().contains("diff-new") && detail.body().contains("&lt;script&gt;alert("), "the new name, as text");
    }

    @Test
    void committedRowsReachTheSyslogReceiver() throws Exception {
        String run = Deployments.unique();
        int port = Integer.parseInt(System.getProperty("test.syslog.port"));
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            receiver.setSoTimeout(1000);
            long region = TestFleet.region(admin(), "Syslog " + run, "SL" + run);
            long deadline = System.currentTimeMillis() + 20_000;
            List<String> seen = new ArrayList<>();
            while (System.currentTimeMillis() < deadline) {
                DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
                try {
                    receiver.receive(p);
                } catch (SocketTimeoutException quiet) {
                    continue;
                }
                String message = new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
                seen.add(message);
                if (message.contains("Syslog " + run)) {
                    assertTrue(message.matches("(?s)^<109>1 \\S+ \\S+ wardops - CREATE \\[wardops@32473 id=\"\\d+\" actor=\"admin\" "
                            + "object=\"region/" + region + "\" hash=\"[0-9a-f]{64}\"] \uFEFF\\{.*"), message);
                    return;
                }
            }
            throw new AssertionError("the region's CREATE never reached syslog; received: " + seen);
        }
    }

    private static List<String> objects(JsonArray events) {
        return events.stream().map(JsonValue::asJsonObject).map(o -> o.getString("object_type") + " " + o.getString("object_id")).toList();
    }

    /** Waits (at most 20 s) until exactly one event matches and answers it. */
    private JsonObject waitForOne(String path) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        JsonArray found = null;
        while (System.currentTimeMillis() < deadline) {
            found = items(admin().get(path));
            if (found.size() == 1) {
                return found.getJsonObject(0);
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not exactly one event at " + path + ": " + found);
    }

    /** RFC 4180, as a spreadsheet reads a file: quoted fields may hold commas, quotes and line breaks. */
    static final class CsvReader {
        static List<List<String>> records(String text) {
            List<List<String>> out = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    record.add(cell.toString());
                    cell.setLength(0);
                } else if (c == '\r') {
                    // Part of the CRLF record separator.
                } else if (c == '\n') {
                    record.add(cell.toString());
                    cell.setLength(0);
                    out.add(record);
                    record = new ArrayList<>();
                } else {
                    cell.append(c);
                }
            }
            if (cell.length() > 0 || !record.isEmpty()) {
                record.add(cell.toString());
                out.add(record);
            }
            return out;
        }
    }
}
