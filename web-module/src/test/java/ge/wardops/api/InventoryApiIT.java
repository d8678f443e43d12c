package ge.wardops.api;

import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inventory through the REST API, on the real WAR in Payara Micro with the real
 * PostgreSQL: what an integrating tool and an operator see, including every refusal.
 */
@ExtendWith(ArquillianExtension.class)
class InventoryApiIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    Http admin;
    String run;
    String net;

    @BeforeEach
    void setUp() {
        admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        run = Deployments.unique();
        net = Deployments.net();
    }

    private long region(String name) {
        return TestFleet.region(admin, name, name.replace(' ', '-'));
    }

    private long branch(long region, String code) {
        return TestFleet.branch(admin, region, "Branch " + code, code);
    }

    private JsonObject device(long branch, String name, String ip) {
        return TestFleet.device(admin, "{\"name\":\"" + name + "\",\"ip\":\"" + ip
                + "\",\"type\":\"ATM\",\"vendor\":\"NCR\",\"branchId\":" + branch + ",\"tags\":[\"lobby\"]}");
    }

    private static void assertProblem(Http.Answer a, int status, String field, String fragment) {
        assertEquals(status, a.status(), a.toString());
        assertTrue(a.contentType().startsWith("application/problem+json"), a.toString());
        JsonObject p = a.json();
        assertEquals(status, p.getInt("status"));
        assertTrue(p.getString("detail").contains(fragment), a.toString());
        if (field != null) {
            assertTrue(p.getJsonArray("errors").stream().anyMatch(e -> field.equals(e.asJsonObject().getString("field"))), a.toString());
        }
    }

    @Test
    void healthAnswersWithoutLoginAndItsStatusCodeFollowsTheVerdicts() {
        Http.Answer a = Http.anonymous(base).get("api/v1/health");
        assertEquals("UP", a.json().getString("database"), a.toString());
        // This class runs no VictoriaMetrics: whatever is DOWN, the code and the status say so.
        boolean allUp = a.json().getJsonArray("checks").stream().allMatch(c -> c.asJsonObject().getString("status").equals("UP"));
        assertEquals(allUp ? 200 : 503, a.status(), a.toString());
        assertEquals(allUp ? "UP" : "DOWN", a.json().getString("status"));
        assertEquals(Set.of("database", "victoriametrics", "availability-rounds", "probe-timer", "snmp-collector",
                        "audit-chain", "event-receivers", "notification-queue"),
                a.json().getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("name"))
                        .collect(Collectors.toSet()), a.toString());
        // Anonymous callers learn what is DOWN, not where VictoriaMetrics was looked for or what an error said.
        assertFalse(a.body().contains("http://") || a.body().contains("Exception") || a.body().contains("\"detail\""), a.body());
        JsonObject vm = a.json().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .filter(c -> c.getString("name").equals("victoriametrics")).findFirst().orElseThrow();
        if (vm.getString("status").equals("DOWN")) {
            assertTrue(vm.getJsonObject("data").getString("reason").startsWith("VictoriaMetrics does not answer;"), vm.toString());
            JsonObject detailed = admin.get("api/v1/health").json().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                    .filter(c -> c.getString("name").equals("victoriametrics")).findFirst().orElseThrow();
            assertTrue(detailed.getJsonObject("data").getString("detail").contains("http://"), "an administrator sees the URL: " + detailed);
        }
    }

    @Test
    void theApiWithoutCredentialsAnswers401WithAChallengeNotARedirect() {
        Http.Answer a = Http.anonymous(base).get("api/v1/devices");
        assertProblem(a, 401, null, "Basic");
        assertTrue(a.header("WWW-Authenticate").startsWith("Basic"));
        String someone = TestFleet.user(admin, "wrong-" + run, "Right-password-" + run, "viewer");
        Http.Answer wrong = Http.anonymous(base).as(someone, "not-the-password").get("api/v1/devices");
        assertEquals(401, wrong.status());
    }

    @Test
    void anOperatorBuildsARegionBranchAndDeviceAndFindsItAgain() {
        long region = region("Region " + run);
        long branch = branch(region, "B" + run);
        JsonObject created = device(branch, "atm-" + run, net + "1");
        long id = created.getJsonNumber("id").longValue();
        assertEquals("Region " + run, created.getString("regionName"));

        JsonObject got = admin.get("api/v1/devices/" + id).json();
        assertEquals(net + "1", got.getString("ip"));
        assertEquals("ATM", got.getString("type"));
        assertEquals(List.of("lobby"), got.getJsonArray("tags").getValuesAs(jakarta.json.JsonString::getString));

        JsonObject page = admin.get("api/v1/devices?branch=" + branch + "&type=atm&q=" + run + "&tag=lobby&limit=10").json();
        assertEquals(1, page.getInt("total"));
        assertEquals(id, page.getJsonArray("items").getJsonObject(0).getJsonNumber("id").longValue());
        assertEquals(1, admin.get("api/v1/devices?q=" + net + "&region=" + region).json().getInt("total"), "search by address");

        JsonObject regionView = admin.get("api/v1/regions/" + region).json();
        assertEquals(1, regionView.getInt("branchCount"));
        assertEquals(1, regionView.getInt("deviceCount"));
    }

    @Test
    void listsArePagedAndSorted() {
        long branch = branch(region("Paging " + run), "P" + run);
        for (int i = 0; i < 5; i++) {
            device(branch, "pg-" + run + "-" + (char) ('e' - i), net + (i + 1));
        }
        JsonObject first = admin.get("api/v1/devices?branch=" + branch + "&limit=2&sort=name").json();
        assertEquals(5, first.getInt("total"));
        assertEquals("pg-" + run + "-a", first.getJsonArray("items").getJsonObject(0).getString("name"));
        JsonObject last = admin.get("api/v1/devices?branch=" + branch + "&limit=2&offset=4&sort=name&order=desc").json();
        assertEquals("pg-" + run + "-a", last.getJsonArray("items").getJsonObject(0).getString("name"));
        assertProblem(admin.get("api/v1/devices?limit=5000"), 400, "limit", "between 1 and 1000");
        assertProblem(admin.get("api/v1/devices?sort=password"), 400, "sort", "unknown sort");
        assertProblem(admin.get("api/v1/devices?status=sideways"), 400, "status", "unknown status");
        assertProblem(admin.get("api/v1/devices?type=toaster"), 400, "type", "unknown type");
    }

    @Test
    void badInputIsRefusedWithFieldMessagesAndChangesNothing() {
        long branch = branch(region("Bad " + run), "X" + run);
        long before = Database.count("SELECT count(*) FROM devices");

        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"m-" + run + "\",\"ip\":\"127.0.0.300\",\"type\":\"ATM\",\"branchId\":" + branch + "}"),
                400, "ip", "not an IPv4 or IPv6 address");
        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"m-" + run + "\",\"ip\":\"host.example\",\"type\":\"ATM\",\"branchId\":" + branch + "}"),
                400, "ip", "not an IPv4 or IPv6 address");
        assertProblem(admin.postJson("api/v1/devices", "{\"ip\":\"" + net + "1\",\"type\":\"ATM\"}"), 400, "name", "name");
        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"m-" + run + "\",\"ip\":\"" + net + "1\",\"type\":\"ATM\",\"branchId\":999999999}"),
                400, "branchId", "does not exist");
        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"m-" + run + "\",\"ip\":\"" + net + "1\",\"type\":\"TOASTER\",\"branchId\":" + branch + "}"),
                400, null, "TOASTER");
        assertProblem(admin.postJson("api/v1/devices", "{\"name\": broken"), 400, null, "");
        assertProblem(admin.postJson("api/v1/devices", ""), 400, null, "empty");
        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"m-" + run + "\",\"ip\":\"" + net + "1\",\"type\":\"ATM\",\"branchId\":"
                + branch + ",\"tags\":[\"no spaces allowed\"]}"), 400, "tags[0]", "tags use");

        assertEquals(before, Database.count("SELECT count(*) FROM devices"), "nothing was stored");
    }

    @Test
    void duplicateNamesAndAddressesAreConflicts() {
        long branch = branch(region("Dup " + run), "D" + run);
        device(branch, "dup-" + run, net + "1");
        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"DUP-" + run + "\",\"ip\":\"" + net + "2\",\"type\":\"ATM\",\"branchId\":" + branch + "}"),
                409, "name", "already exists");
        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"other-" + run + "\",\"ip\":\"" + net + "1\",\"type\":\"ATM\",\"branchId\":" + branch + "}"),
                409, "ip", "already belongs");
        assertProblem(admin.postJson("api/v1/regions", "{\"name\":\"Dup " + run + "\",\"code\":\"zz" + run + "\"}"), 409, "name", "already exists");
    }

    @Test
    void unknownIdsAreNotFound() {
        assertProblem(admin.get("api/v1/devices/987654321"), 404, null, "does not exist");
        assertProblem(admin.get("api/v1/branches/987654321"), 404, null, "does not exist");
        assertProblem(admin.putJson("api/v1/regions/987654321", "{\"name\":\"x\",\"code\":\"x\"}"), 404, null, "does not exist");
        assertProblem(admin.delete("api/v1/devices/987654321"), 404, null, "does not exist");
        assertProblem(admin.get("api/v1/devices/not-a-number"), 400, "id", "whole number");
    }

    @Test
    void aNulCharacterAnywhereIsA400NamingTheFieldNeverA500() throws Exception {
        long region = region("Nul " + run);
        long branch = branch(region, "N" + run);
        long id = device(branch, "nul-" + run, net + "1").getJsonNumber("id").longValue();
        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"a\\u0000b\",\"ip\":\"" + net + "2\",\"type\":\"ATM\",\"branchId\":"
                + branch + "}"), 400, "name", "NUL");
        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"n2-" + run + "\",\"ip\":\"" + net + "2\",\"type\":\"ATM\",\"branchId\":"
                + branch + ",\"description\":\"x\\u0000\"}"), 400, "description", "NUL");
        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"n3-" + run + "\",\"ip\":\"" + net + "2\",\"type\":\"ATM\",\"branchId\":"
                + branch + ",\"tags\":[\"ok\",\"b\\u0000\"]}"), 400, "tags[1]", "NUL");
        assertProblem(admin.postJson("api/v1/regions", "{\"name\":\"r\\u0000\",\"code\":\"nul" + run + "\"}"), 400, "name", "NUL");
        assertProblem(admin.get("api/v1/devices?q=a%00b"), 400, "q", "NUL");
        assertProblem(admin.get("api/v1/audit/events?user=a%00b"), 400, "user", "NUL");
        assertProblem(admin.get("api/v1/devices/" + id + "/history?step=10000000000"), 400, "step", "between 1 and 86400");

        JsonObject job = finished(start("name,ip,type,branch\nnul-csv-" + run + "\u0000x," + net + "5,atm,N" + run + "\n", "nul.csv"));
        assertEquals("FAILED", job.getString("state"), job.toString());
        JsonObject error = job.getJsonArray("errors").getJsonObject(0);
        assertEquals("name", error.getString("field"), job.toString());
        assertTrue(error.getString("message").contains("NUL"), job.toString());
        assertFalse(job.toString().contains("0x00"), "not PostgreSQL's own words: " + job);
    }

    @Test
    void oneStrictRuleForEveryParameterAndBodyField() {
        long branch = branch(region("Strict " + run), "S" + run);
        long id = device(branch, "strict-" + run, net + "1").getJsonNumber("id").longValue();
        String draft = "{\"name\":\"s2-" + run + "\",\"ip\":\"" + net + "2\",\"type\":\"ATM\",\"branchId\":" + branch;
        assertProblem(admin.postJson("api/v1/devices", draft + ",\"enabled\":\"maybe\"}"), 400, "enabled", "true or false");
        assertProblem(admin.postJson("api/v1/devices", draft + ",\"enabled\":1}"), 400, "enabled", "true or false");
        assertProblem(admin.postJson("api/v1/devices", draft + ",\"name\":\"twice-" + run + "\"}"), 400, "name", "more than once");
        assertProblem(admin.postJson("api/v1/devices", draft + ",\"snmpPort\":\"161\"}"), 400, "snmpPort", "number");
        Http.Answer shape = admin.postJson("api/v1/devices", draft + ",\"tags\":{\"a\":1}}");
        assertEquals(400, shape.status(), shape.toString());
        assertFalse(shape.body().contains("ge.wardops") || shape.body().contains("class ") || shape.body().contains("java."),
                "no Java type names: " + shape.body());
        assertEquals(0, Database.count("SELECT count(*) FROM devices WHERE name = ?", "s2-" + run), "nothing was stored");

        assertProblem(admin.get("api/v1/devices?limit=abc"), 400, "limit", "whole number");
        assertProblem(admin.get("api/v1/devices?region=abc"), 400, "region", "whole number");
        assertProblem(admin.get("api/v1/devices?offset=99999999999"), 400, "offset", "between 0 and 2147483647");
        assertProblem(admin.get("api/v1/devices?offset=-1"), 400, "offset", "between 0 and");
        assertProblem(admin.get("api/v1/devices/standalone/page?page=2147483648"), 400, "page", "between 1 and 2147483647");
        assertProblem(admin.get("api/v1/devices/" + id + "/history?step=abc"), 400, "step", "whole number");
        assertProblem(admin.get("api/v1/devices/99999999999999999999"), 400, "id", "out of range");
        assertProblem(admin.get("api/v1/alerts?limit=501"), 400, "limit", "between 1 and 500");
        assertProblem(admin.get("api/v1/state-changes?limit=-1"), 400, "limit", "between 1 and 1000");
        assertEquals(200, admin.get("api/v1/alerts?limit=500").status());
    }

    @Test
    void aStaleVersionIsRefusedSoNoUpdateIsLost() {
        long branch = branch(region("Ver " + run), "V" + run);
        JsonObject d = device(branch, "ver-" + run, net + "1");
        long id = d.getJsonNumber("id").longValue();
        String body = "{\"name\":\"ver-" + run + "\",\"ip\":\"" + net + "2\",\"type\":\"ATM\",\"branchId\":" + branch + ",\"version\":%d}";
        Http.Answer ok = admin.putJson("api/v1/devices/" + id, String.format(body, d.getInt("version")));
        assertEquals(200, ok.status(), ok.toString());
        assertEquals(net + "2", ok.json().getString("ip"));
        assertProblem(admin.putJson("api/v1/devices/" + id, String.format(body, d.getInt("version"))), 409, "version", "changed by someone else");
        String noVersion = "{\"name\":\"ver-" + run + "\",\"ip\":\"" + net + "3\",\"type\":\"ATM\",\"branchId\":" + branch + "}";
        assertProblem(admin.putJson("api/v1/devices/" + id, noVersion), 400, "version", "send the version you read");
        assertProblem(admin.putJson("api/v1/branches/" + branch, "{\"name\":\"x\",\"code\":\"x\",\"regionId\":1}"), 400, "version", "version");
        assertEquals(net + "2", admin.get("api/v1/devices/" + id).json().getString("ip"), "nothing changed");
    }

    @Test
    void aDeviceWithoutHistoryIsDeletedAndOneWithHistoryIsRetiredFreeingItsAddress() {
        long branch = branch(region("Del " + run), "R" + run);
        long plain = device(branch, "del-" + run, net + "1").getJsonNumber("id").longValue();
        assertEquals("deleted", admin.delete("api/v1/devices/" + plain).json().getString("outcome"));
        assertEquals(0, Database.count("SELECT count(*) FROM devices WHERE id = ?", plain));

        long kept = device(branch, "ret-" + run, net + "2").getJsonNumber("id").longValue();
        Database.execute("INSERT INTO device_state_changes (device_id, from_state, to_state, changed_at) VALUES (?, 'UP', 'DOWN', now())", kept);
        assertEquals("retired", admin.delete("api/v1/devices/" + kept).json().getString("outcome"));
        assertEquals(1, Database.count("SELECT count(*) FROM devices WHERE id = ? AND deleted_at IS NOT NULL", kept));
        assertEquals(404, admin.get("api/v1/devices/" + kept).status());
        device(branch, "ret-" + run, net + "2");
    }

    @Test
    void parentsCannotFormLoopsAndAParentCannotBeDeletedUnderItsChildren() {
        long branch = branch(region("Par " + run), "Q" + run);
        long router = device(branch, "rtr-" + run, net + "1").getJsonNumber("id").longValue();
        Http.Answer child = admin.postJson("api/v1/devices", "{\"name\":\"sw-" + run + "\",\"ip\":\"" + net + "2\",\"type\":\"SWITCH\",\"branchId\":"
                + branch + ",\"parentId\":" + router + "}");
        assertEquals(201, child.status(), child.toString());
        long sw = child.json().getJsonNumber("id").longValue();
        assertProblem(admin.putJson("api/v1/devices/" + router, "{\"name\":\"rtr-" + run + "\",\"ip\":\"" + net + "1\",\"type\":\"ROUTER\",\"branchId\":"
                + branch + ",\"parentId\":" + sw + ",\"version\":" + admin.get("api/v1/devices/" + router).json().getJsonNumber("version")
                + "}"), 400, "parentId", "loop");
        assertProblem(admin.delete("api/v1/devices/" + router), 409, null, "parent of 1");
        assertProblem(admin.delete("api/v1/branches/" + branch), 409, null, "devices");
    }

    @Test
    void everyChangeIsAuditedWithWhoAndBeforeAndAfter() {
        long branch = branch(region("Aud " + run), "A" + run);
        JsonObject d = device(branch, "aud-" + run, net + "1");
        String id = String.valueOf(d.getJsonNumber("id").longValue());
        admin.putJson("api/v1/devices/" + id, "{\"name\":\"aud-" + run + "\",\"ip\":\"" + net + "9\",\"type\":\"ATM\",\"branchId\":" + branch
                + ",\"version\":" + d.getJsonNumber("version") + "}");
        admin.delete("api/v1/devices/" + id);
        List<String> trail = Database.column("SELECT action || '|' || actor || '|' || coalesce(before_state->>'ip', '-') || '|' "
                + "|| coalesce(after_state->>'ip', '-') || '|' || coalesce(client_address, '-') FROM audit_events "
                + "WHERE object_type = 'device' AND object_id = ? ORDER BY id", id);
        assertEquals(3, trail.size(), trail.toString());
        assertTrue(trail.get(0).startsWith("CREATE|admin|-|" + net + "1|"), trail.toString());
        assertTrue(trail.get(1).startsWith("UPDATE|admin|" + net + "1|" + net + "9|"), trail.toString());
        assertTrue(trail.get(2).startsWith("DELETE|admin|" + net + "9|-|"), trail.toString());
        assertFalse(trail.get(0).endsWith("|-"), "the client address is recorded: " + trail);
    }

    @Test
    void aViewerReadsButCannotChangeAndARegionalManagerSeesOnlyTheirRegion() {
        long mine = region("Mine " + run);
        long other = region("Other " + run);
        long myBranch = branch(mine, "M" + run);
        long otherBranch = branch(other, "O" + run);
        long myDevice = device(myBranch, "mine-" + run, net + "1").getJsonNumber("id").longValue();
        long otherDevice = device(otherBranch, "other-" + run, net + "2").getJsonNumber("id").longValue();
        String password = "Password-" + run + "!";
        TestFleet.user(admin, "viewer-" + run, password, "viewer");
        TestFleet.regionalManager(admin, "manager-" + run, password, mine);

        Http viewer = Http.anonymous(base).as("viewer-" + run, password);
        assertEquals(200, viewer.get("api/v1/devices/" + otherDevice).status());
        assertProblem(viewer.postJson("api/v1/regions", "{\"name\":\"v" + run + "\",\"code\":\"v" + run + "\"}"), 403, null, "");
        assertProblem(viewer.delete("api/v1/devices/" + myDevice), 403, null, "");
        assertEquals(403, viewer.get("api/v1/users").status());
        // Only the resource's @RolesAllowed guards this one (the cluster view's bean checks no role): Jersey's filter.
        assertProblem(viewer.get("api/v1/cluster"), 403, null, "");

        Http manager = Http.anonymous(base).as("manager-" + run, password);
        assertEquals(200, manager.get("api/v1/devices/" + myDevice).status());
        assertProblem(manager.get("api/v1/devices/" + otherDevice), 404, null, "does not exist");
        assertProblem(manager.get("api/v1/branches/" + otherBranch), 404, null, "does not exist");
        assertProblem(manager.get("api/v1/regions/" + other), 404, null, "does not exist");
        List<Long> regions = new ArrayList<>();
        manager.get("api/v1/regions").array().forEach(r -> regions.add(r.asJsonObject().getJsonNumber("id").longValue()));
        assertEquals(List.of(mine), regions);
        assertEquals(0, manager.get("api/v1/devices?region=" + other).json().getInt("total"));
        assertTrue(manager.get("api/v1/devices?limit=1000").json().getJsonArray("items").stream()
                .allMatch(d -> d.asJsonObject().getJsonNumber("regionId").longValue() == mine));
        assertProblem(manager.postJson("api/v1/devices", "{\"name\":\"x-" + run + "\",\"ip\":\"" + net + "3\",\"type\":\"ATM\",\"branchId\":" + myBranch + "}"),
                403, null, "");
    }

    @Test
    void aRegionalManagerLearnsNeitherTheOpenAlertsNorTheParentsOfAnotherRegion() throws Exception {
        long mine = region("Leak mine " + run);
        long other = region("Leak other " + run);
        long myBranch = branch(mine, "LM" + run);
        long otherBranch = branch(other, "LO" + run);
        long otherRouter = device(otherBranch, "leak-rtr-" + run, net + "1").getJsonNumber("id").longValue();
        Http.Answer created = admin.postJson("api/v1/devices", "{\"name\":\"leak-atm-" + run + "\",\"ip\":\"" + net
                + "2\",\"type\":\"ATM\",\"branchId\":" + myBranch + ",\"parentId\":" + otherRouter + "}");
        assertEquals(201, created.status(), created.toString());
        JsonObject child = created.json();
        long childId = child.getJsonNumber("id").longValue();
        String password = "Password-" + run + "!";
        TestFleet.regionalManager(admin, "leak-" + run, password, mine);
        Http manager = Http.anonymous(base).as("leak-" + run, password);

        // The parent: the administrator sees it, the manager only that there is one outside their regions.
        assertEquals(otherRouter, admin.get("api/v1/devices/" + childId).json().getJsonNumber("parentId").longValue());
        for (JsonObject seen : List.of(manager.get("api/v1/devices/" + childId).json(),
                manager.get("api/v1/devices?q=leak-atm-" + run).json().getJsonArray("items").getJsonObject(0))) {
            assertFalse(seen.containsKey("parentId") && !seen.isNull("parentId"), seen.toString());
            assertFalse(seen.toString().contains("leak-rtr-"), seen.toString());
            assertTrue(seen.getBoolean("parentOutsideScope"), seen.toString());
        }
        ge.wardops.testing.ConsoleBrowser console = new ge.wardops.testing.ConsoleBrowser(base);
        assertEquals(302, console.login("leak-" + run, password, "/console/").statusCode());
        String page = console.get("console/device.xhtml?id=" + childId).body();
        assertTrue(page.contains("outside your regions"), "the device page says where the parent is");
        assertFalse(page.contains("leak-rtr-") || page.contains("id=" + otherRouter), "and neither names nor links it");
        // A parent from another region cannot be named, even by a caller who may edit devices: the
        // manager's role is given devices.edit in role_permissions for this (and given it back after),
        // so the refusal is the parent rule's, not the missing permission's (review of #12).
        Database.execute("INSERT INTO role_permissions (role_name, permission_name) VALUES ('regional_manager', 'devices.edit') "
                + "ON CONFLICT DO NOTHING");
        try {
            String renamed = "leak-atm2-" + run;
            // arquillian.xml keeps the mapping for 1 s; an edit that names no parent proves the permission is there.
            assertTrue(ge.wardops.testing.Waits.eventually(java.time.Duration.ofSeconds(10), () -> {
                int v = manager.get("api/v1/devices/" + childId).json().getInt("version");
                return manager.putJson("api/v1/devices/" + childId, "{\"name\":\"" + renamed + "\",\"ip\":\"" + net
                        + "2\",\"type\":\"ATM\",\"branchId\":" + myBranch + ",\"version\":" + v + "}").status() == 200;
            }), "a regional manager given devices.edit edits a device of their region");
            JsonObject version = manager.get("api/v1/devices/" + childId).json();
            Http.Answer refused = manager.putJson("api/v1/devices/" + childId, "{\"name\":\"" + renamed + "\",\"ip\":\"" + net
                    + "2\",\"type\":\"ATM\",\"branchId\":" + myBranch + ",\"parentId\":" + otherRouter
                    + ",\"version\":" + version.getInt("version") + "}");
            assertProblem(refused, 400, "parentId", "");
            assertTrue(refused.toString().contains("does not exist"), refused.toString());
            assertEquals(version.getInt("version"), manager.get("api/v1/devices/" + childId).json().getInt("version"), "nothing changed");
        } finally {
            Database.execute("DELETE FROM role_permissions WHERE role_name = 'regional_manager' AND permission_name = 'devices.edit'");
        }

        // Open alerts: one in each region; the manager's dashboard counts only theirs, as their alert list does.
        String subject = "leak-" + run;
        try {
            Database.execute("INSERT INTO alerts (device_id, branch_id, region_id, subject_key, severity, state, triggered_at) "
                    + "VALUES (?, ?, ?, ?, 'MAJOR', 'FIRING', now())", otherRouter, otherBranch, other, subject + "-o");
            // The child's alert is suppressed under the parent's alert of the other region.
            long otherAlert = Long.parseLong(Database.column("SELECT id FROM alerts WHERE subject_key = ?", subject + "-o").get(0));
            Database.execute("INSERT INTO alerts (device_id, branch_id, region_id, subject_key, severity, state, triggered_at, "
                    + "suppressed, parent_alert_id) VALUES (?, ?, ?, ?, 'MAJOR', 'FIRING', now(), true, ?)",
                    childId, myBranch, mine, subject + "-m", otherAlert);
            long myAlert = Long.parseLong(Database.column("SELECT id FROM alerts WHERE subject_key = ?", subject + "-m").get(0));
            assertEquals(otherAlert, admin.get("api/v1/alerts/" + myAlert).json().getJsonObject("alert")
                    .getJsonNumber("parentAlertId").longValue(), "the administrator sees which alert covers it");
            for (JsonObject seen : List.of(manager.get("api/v1/alerts/" + myAlert).json().getJsonObject("alert"),
                    manager.get("api/v1/alerts?device=" + childId).json().getJsonArray("items").getJsonObject(0))) {
                assertTrue(seen.getBoolean("suppressed"), seen.toString());
                assertTrue(!seen.containsKey("parentAlertId") || seen.isNull("parentAlertId"),
                        "the manager does not see the other region's alert id: " + seen);
            }
            String alertsPage = console.get("console/alerts.xhtml").body();
            assertTrue(alertsPage.contains(subject + "-m") || alertsPage.contains("leak-atm"), "the console lists the alert: " + alertsPage);
            assertTrue(alertsPage.contains(" suppressed"), alertsPage);
            assertFalse(alertsPage.contains("alert #" + otherAlert), "nor does the console show it: " + alertsPage);
            long deadline = System.currentTimeMillis() + 15_000;
            long counted;
            do {
                Thread.sleep(500);
                counted = admin.get("api/v1/dashboard/stats").json().getJsonNumber("activeAlerts").longValue();
            } while (counted < 2 && System.currentTimeMillis() < deadline);
            assertTrue(counted >= 2, "the administrator counts both: " + counted);
            // The manager's count is their region's alone (a region of this test's own), so it is waited for
            // exactly: the administrator's count may include other classes' alerts on the shared test server
            // and so reach 2 before the new alerts are counted.
            long managerDeadline = System.currentTimeMillis() + 15_000;
            JsonObject stats = manager.get("api/v1/dashboard/stats").json();
            while (stats.getJsonNumber("activeAlerts").longValue() != 1 && System.currentTimeMillis() < managerDeadline) {
                Thread.sleep(500);
                stats = manager.get("api/v1/dashboard/stats").json();
            }
            assertEquals(1, stats.getJsonNumber("activeAlerts").longValue(), stats.toString());
        } finally {
            Database.execute("UPDATE alerts SET state = 'RESOLVED', resolved_at = now() WHERE subject_key LIKE ?", subject + "-%");
        }
    }

    @Test
    void aGoodCsvFileIsImportedWholeAndABadOneNotAtAll() throws Exception {
        long branch = branch(region("Csv " + run), "C" + run);
        String code = "C" + run;
        String good = "name,ip,type,branch,parent,tags\n"
                + "csv-sw-" + run + "," + net + "2,switch," + code + ",csv-rtr-" + run + ",\n"
                + "csv-rtr-" + run + "," + net + "1,router," + code + ",,core;wan\n";
        JsonObject job = finished(start(good, "good.csv"));
        assertEquals("SUCCEEDED", job.getString("state"), job.toString());
        assertEquals(2, job.getInt("importedRows"));
        JsonObject sw = admin.get("api/v1/devices?q=csv-sw-" + run).json().getJsonArray("items").getJsonObject(0);
        assertEquals("csv-rtr-" + run, sw.getString("parentName"));

        long before = Database.count("SELECT count(*) FROM devices");
        String bad = "name,ip,type,branch\n"
                + "csv-ok-" + run + "," + net + "3,atm," + code + "\n"
                + "csv-bad-" + run + "," + net + "300,atm," + code + "\n"
                + "csv-rtr-" + run + "," + net + "4,atm,NO-SUCH-BRANCH\n";
        JsonObject failed = finished(start(bad, "bad.csv"));
        assertEquals("FAILED", failed.getString("state"));
        List<String> errors = new ArrayList<>();
        failed.getJsonArray("errors").forEach(e -> errors.add(e.asJsonObject().getInt("line") + ":" + e.asJsonObject().getString("field")));
        assertEquals(List.of("3:ip", "4:branch", "4:name"), errors.stream().sorted().toList());
        assertEquals(before, Database.count("SELECT count(*) FROM devices"), "all or nothing: nothing");
        assertEquals(0, admin.get("api/v1/devices?q=csv-ok-" + run).json().getInt("total"));
        assertTrue(branch > 0);
    }

    @Test
    void aLargeImportReportsProgressAndEveryRowArrives() throws Exception {
        long branch = branch(region("Big " + run), "G" + run);
        StringBuilder csv = new StringBuilder("name,ip,type,branch\n");
        int rows = 3000;
        // Twelve /24s: a /16 of its own, above the range the other tests draw from.
        String bigNet = "127." + java.util.concurrent.ThreadLocalRandom.current().nextInt(200, 255) + ".";
        for (int i = 0; i < rows; i++) {
            csv.append("big-").append(run).append('-').append(i).append(',').append(bigNet).append(i / 250).append('.').append(i % 250 + 1)
                    .append(",server,G").append(run).append('\n');
        }
        String id = start(csv.toString(), "big.csv");
        List<Integer> percents = new ArrayList<>();
        JsonObject job = null;
        for (int i = 0; i < 600; i++) {
            job = admin.get("api/v1/import-jobs/" + id).json();
            percents.add(job.getInt("percent"));
            if (job.getString("state").equals("SUCCEEDED") || job.getString("state").equals("FAILED")) {
                break;
            }
            Thread.sleep(100);
        }
        assertNotNull(job);
        assertEquals("SUCCEEDED", job.getString("state"), job.toString());
        for (int i = 1; i < percents.size(); i++) {
            assertTrue(percents.get(i) >= percents.get(i - 1), "progress never goes back: " + percents);
        }
        assertEquals(100, percents.get(percents.size() - 1));
        assertEquals(rows, admin.get("api/v1/devices?branch=" + branch + "&limit=1").json().getInt("total"));
        assertEquals(rows, Database.count("SELECT count(*) FROM audit_events WHERE action = 'CREATE' AND object_type = 'device' "
                + "AND after_state->>'branchId' = ?", String.valueOf(branch)));
    }

    @Test
    void brokenAndOversizedUploadsAreRefusedClearly() {
        Http.Answer empty = admin.post("api/v1/devices/import", "text/csv", "");
        assertProblem(empty, 400, "file", "empty");
        byte[] huge = new byte[2_100_000];
        java.util.Arrays.fill(huge, (byte) 'x');
        Http.Answer tooBig = admin.postLarge("api/v1/devices/import", "text/csv", huge);
        assertProblem(tooBig, 413, null, "at most");
        byte[] bigJson = ("{\"name\":\"" + "y".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertProblem(admin.postLarge("api/v1/devices", "application/json", bigJson), 413, null, "at most");
        Http.Answer operatorOnly = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD).get("api/v1/import-jobs/no-such-job");
        assertProblem(operatorOnly, 404, null, "does not exist");
    }

    private String start(String csv, String name) {
        Http.Answer a = admin.post("api/v1/devices/import?filename=" + name, "text/csv", csv);
        assertEquals(202, a.status(), a.toString());
        assertTrue(a.header("Location").contains("/api/v1/import-jobs/" + a.json().getString("id")));
        return a.json().getString("id");
    }

    private JsonObject finished(String id) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            JsonObject job = admin.get("api/v1/import-jobs/" + id).json();
            if (job.getString("state").equals("SUCCEEDED") || job.getString("state").equals("FAILED")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("import " + id + " did not finish within 60 s");
    }
}
