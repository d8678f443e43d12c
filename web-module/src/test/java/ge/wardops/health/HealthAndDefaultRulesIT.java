package ge.wardops.health;

import ge.wardops.testing.ConsoleBrowser;
import ge.wardops.testing.DarkRanges;
import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.LiveList;
import ge.wardops.testing.TestFleet;
import ge.wardops.testing.micro.OwnServer;
import ge.wardops.testsupport.Loopback;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static ge.wardops.testing.Waits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a new installation promises before anyone configures anything: health checks that say what
 * is broken (and turn red when probing breaks or VictoriaMetrics goes away), a banner and a system
 * alert when probing fails, and default alert rules that raise an alert for a device taken off the
 * network. Its server is the test server with two settings of its own, given in a library
 * of the WAR: the default rules on (the other test classes run without them), and fping reached
 * through a link this test removes and puts back. It claims the default rules' setup step in the
 * test database and removes the default rules and their alerts when it is done.
 */
@ExtendWith(ArquillianExtension.class)
@OwnServer // its WAR carries settings of its own: it runs after the classes that share a server
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthAndDefaultRulesIT {

    private static final String DARK_RANGE = "127.94.0.0/16";
    private static final Path FPING_LINK = Path.of("target", "health-it", "fping").toAbsolutePath();
    private static final Duration ROUNDS = Duration.ofSeconds(30);
    private static final List<String> CHECKS = List.of("database", "victoriametrics", "availability-rounds", "probe-timer",
            "snmp-collector", "audit-chain", "event-receivers", "notification-queue");
    private static final String SYSTEM_RULES = "SELECT id FROM alert_rules WHERE created_by = 'system'";

    @RegisterExtension
    static final DarkRanges LAB = new DarkRanges(DARK_RANGE);

    @Deployment(testable = false)
    static WebArchive deployment() {
        linkFping();
        if (Database.count("SELECT count(*) FROM pg_tables WHERE tablename = 'setup_steps'") > 0) {
            forgetDefaultRules();
            // This test claims the step: the server it starts creates the default rules afresh.
            Database.execute("DELETE FROM setup_steps WHERE name = 'default-alert-rules'");
        } // else a database no server has migrated yet: the first start creates them anyway
        JavaArchive settings = ShrinkWrap.create(JavaArchive.class, "health-it-settings.jar")
                .addAsManifestResource(new StringAsset("config_ordinal=500\n"
                        + "wardops.probe.icmp.fping=" + FPING_LINK + "\n"
                        + "wardops.alerting.defaults.enabled=true\n"), "microprofile-config.properties");
        return Deployments.war().addAsLibrary(settings);
    }

    @AfterAll
    static void putThingsBack() {
        linkFping();
        forgetDefaultRules();
    }

    @ArquillianResource
    URL base;

    @Test
    @Order(1)
    void everyHealthCheckIsNamedAndUpOnBothHealthEndpoints() throws Exception {
        Http anyone = Http.anonymous(base);
        assertTrue(eventually(ROUNDS, () -> anyone.get("api/v1/health").status() == 200), anyone.get("api/v1/health").toString());
        JsonObject api = anyone.get("api/v1/health").json();
        assertEquals("UP", api.getString("status"));
        assertEquals("UP", api.getString("database"), "the old field stays");
        assertEquals(CHECKS, api.getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("name")).toList());

        Http.Answer ready = anyone.get(root() + "health/ready");
        assertEquals(200, ready.status(), ready.toString());
        assertEquals(Set.of("database", "victoriametrics", "availability-rounds", "snmp-collector", "audit-chain", "event-receivers"),
                names(ready.json()));
        Http.Answer live = anyone.get(root() + "health/live");
        assertEquals(200, live.status(), live.toString());
        assertEquals(Set.of("probe-timer", "notification-queue"), names(live.json()));
        assertTrue(names(anyone.get(root() + "health").json()).containsAll(CHECKS));
    }

    @Test
    @Order(2)
    void aNewInstallationHasTheDefaultRulesAsOrdinaryRulesCreatedBySystem() {
        Http admin = admin();
        List<JsonObject> rules = admin.get("api/v1/alert-rules").array().stream().map(JsonValue::asJsonObject)
                .filter(r -> "system".equals(r.getString("createdBy", null))).toList();
        assertEquals(Set.of("Device down", "Branch unreachable", "High round-trip time", "Packet loss", "Interface down"),
                rules.stream().map(r -> r.getString("name")).collect(Collectors.toSet()));
        JsonObject branch = rules.stream().filter(r -> r.getString("name").equals("Branch unreachable")).findFirst().orElseThrow();
        assertEquals("branch.percent(down) == 100", branch.getString("expression"));
        JsonObject rtt = rules.stream().filter(r -> r.getString("name").equals("High round-trip time")).findFirst().orElseThrow();
        assertEquals(300, rtt.getInt("forSeconds"), "five minutes");
        assertEquals(5, Database.count("SELECT count(*) FROM audit_events WHERE actor = 'system' AND action = 'CREATE' "
                + "AND object_type = 'alert_rule' AND object_id IN (SELECT id::text FROM alert_rules WHERE created_by = 'system')"),
                "each one audited as created by system");
        assertEquals(1, Database.count("SELECT count(*) FROM setup_steps WHERE name = 'default-alert-rules'"), "and never again");
    }

    @Test
    @Order(3)
    void aDeviceTakenOffTheNetworkRaisesTheDefaultAlertsOnePageForItsBranch() throws Exception {
        Http admin = admin();
        String run = Deployments.unique();
        long region = TestFleet.region(admin, "Health " + run, "HR" + run);
        long branch = TestFleet.branch(admin, region, "Health branch " + run, "HB" + run);
        long device = TestFleet.device(admin, "{\"name\":\"dark-" + run + "\",\"ip\":\"127.94." + (int) (Math.random() * 250) + ".1\","
                + "\"type\":\"ROUTER\",\"branchId\":" + branch + "}").getJsonNumber("id").longValue();
        assertTrue(eventually(ROUNDS, () -> "UP".equals(LiveList.status(admin, device))), "probed and UP first");
        Loopback.takeOutOfService(DARK_RANGE);
        try {
            assertTrue(eventually(ROUNDS, () -> alert(admin, "device=" + device, "Device down").isPresent()),
                    "the default device-down rule fires: " + admin.get("api/v1/alerts?device=" + device).body());
            JsonObject down = alert(admin, "device=" + device, "Device down").orElseThrow();
            assertTrue(eventually(ROUNDS, () -> alert(admin, "branch=" + branch, "Branch unreachable").isPresent()));
            JsonObject outage = alert(admin, "branch=" + branch, "Branch unreachable").orElseThrow();
            assertFalse(outage.getBoolean("suppressed"), "the branch's alert is the page");
            assertTrue(down.getBoolean("suppressed"), "the device's alert is suppressed under its branch's: " + down);
            assertEquals(outage.getJsonNumber("id").longValue(), down.getJsonNumber("parentAlertId").longValue());
        } finally {
            Loopback.restoreService(DARK_RANGE);
        }
    }

    @Test
    @Order(4)
    void brokenProbingTurnsHealthAndTheConsoleRedAndRaisesOneSystemAlertUntilItWorksAgain() throws Exception {
        Http admin = admin();
        Http anyone = Http.anonymous(base);
        String run = Deployments.unique();
        long region = TestFleet.region(admin, "Probing " + run, "PH" + run);
        long branch = TestFleet.branch(admin, region, "Probing branch " + run, "PHB" + run);
        TestFleet.device(admin, "{\"name\":\"lit-" + run + "\",\"ip\":\"" + Deployments.net() + "1\",\"type\":\"ATM\",\"branchId\":" + branch + "}");

        Files.delete(FPING_LINK);
        try {
            assertTrue(eventually(ROUNDS, () -> anyone.get("api/v1/health").status() == 503), anyone.get("api/v1/health").toString());
            JsonObject rounds = check(anyone.get("api/v1/health").json(), "availability-rounds");
            assertEquals("DOWN", rounds.getString("status"));
            assertTrue(rounds.getJsonObject("data").getInt("consecutiveFailures") >= 3, rounds.toString());
            assertEquals("cannot run fping", rounds.getJsonObject("data").getString("reason"), rounds.toString());
            assertFalse(anyone.get("api/v1/health").body().contains(FPING_LINK.toString()), "no file path for anonymous callers");
            JsonObject detailed = check(admin.get("api/v1/health").json(), "availability-rounds");
            assertTrue(detailed.getJsonObject("data").getString("detail").contains("cannot run fping at " + FPING_LINK),
                    "the raw error for an administrator: " + detailed);
            Http.Answer notReady = anyone.get(root() + "health/ready");
            assertEquals(503, notReady.status());
            assertFalse(notReady.body().contains(FPING_LINK.toString()), "nor on MicroProfile's /health: " + notReady.body());
            assertEquals(200, anyone.get(root() + "health/live").status(), "alive: the timer runs, a restart would not bring fping");

            ConsoleBrowser browser = new ConsoleBrowser(base);
            browser.login("admin", Deployments.ADMIN_PASSWORD, "/console/");
            String page = browser.get("console/devices.xhtml").body();
            assertTrue(page.contains("Probing has failed for") && page.contains("cannot run fping at"), "the banner on a console page");

            assertTrue(eventually(ROUNDS, () -> alert(admin, "state=OPEN", null, "system:probing").isPresent()), "the system alert");
            JsonObject alert = alert(admin, "state=OPEN", null, "system:probing").orElseThrow();
            assertEquals("CRITICAL", alert.getString("severity"));
            assertTrue(alert.getString("message").contains("cannot run fping"), alert.toString());
            Thread.sleep(5_000);
            assertEquals(1, Database.count("SELECT count(*) FROM alerts WHERE subject_key = 'system:probing' AND resolved_at IS NULL"),
                    "one alert however many rounds fail");
        } finally {
            linkFping();
        }
        assertTrue(eventually(ROUNDS, () -> check(anyone.get("api/v1/health").json(), "availability-rounds").getString("status").equals("UP")));
        assertTrue(eventually(ROUNDS, () -> alert(admin, "state=OPEN", null, "system:probing").isEmpty()), "resolved when rounds work");
        assertEquals(0, Database.count("SELECT count(*) FROM alerts WHERE subject_key = 'system:probing' AND resolved_at IS NULL"));
        ConsoleBrowser browser = new ConsoleBrowser(base);
        browser.login("admin", Deployments.ADMIN_PASSWORD, "/console/");
        assertFalse(browser.get("console/devices.xhtml").body().contains("Probing has failed"), "and the banner is gone");
    }

    @Test
    @Order(5)
    void victoriaMetricsAwayIsDownWithTheSpoolsDepthAndAgeAndUpWhenBack() throws Exception {
        Http anyone = Http.anonymous(base);
        LAB.vm().stop();
        try {
            assertTrue(eventually(ROUNDS, () -> {
                JsonObject vm = check(anyone.get("api/v1/health").json(), "victoriametrics");
                return vm.getString("status").equals("DOWN") && vm.getJsonObject("data").getJsonNumber("spooledSamples").longValue() > 0
                        && vm.getJsonObject("data").containsKey("spoolAgeSeconds");
            }), anyone.get("api/v1/health").toString());
            Http.Answer health = anyone.get("api/v1/health");
            assertEquals(503, health.status());
            JsonObject vm = check(health.json(), "victoriametrics");
            assertTrue(vm.getJsonObject("data").getString("reason").startsWith("VictoriaMetrics does not answer;"), vm.toString());
            assertFalse(vm.getJsonObject("data").containsKey("url"), "no URL for anonymous callers: " + vm);
            assertFalse(health.body().contains("http://"), "no URL anywhere for anonymous callers: " + health.body());
            Http.Answer notReady = anyone.get(root() + "health/ready");
            assertEquals(503, notReady.status());
            assertFalse(notReady.body().contains("http://"), "nor on MicroProfile's /health: " + notReady.body());
        } finally {
            LAB.vm().start();
        }
        assertTrue(eventually(ROUNDS, () -> {
            JsonObject vm = check(anyone.get("api/v1/health").json(), "victoriametrics");
            return vm.getString("status").equals("UP") && vm.getJsonObject("data").getJsonNumber("spooledSamples").longValue() == 0;
        }), "UP and the spool replayed: " + anyone.get("api/v1/health"));
    }

    @Test
    @Order(6)
    void defaultRulesAreEditedAndDeletedLikeAnyOtherAndStayDeleted() throws Exception {
        Http admin = admin();
        List<JsonObject> defaults = admin.get("api/v1/alert-rules").array().stream().map(JsonValue::asJsonObject)
                .filter(r -> "system".equals(r.getString("createdBy", null))).toList();
        assertEquals(5, defaults.size());
        for (JsonObject rule : defaults) {
            long id = rule.getJsonNumber("id").longValue();
            String disabled = jakarta.json.Json.createObjectBuilder(rule).add("enabled", false).build().toString();
            Http.Answer put = admin.putJson("api/v1/alert-rules/" + id, disabled);
            assertEquals(200, put.status(), put.toString());
            assertFalse(put.json().getBoolean("enabled"));
        }
        JsonObject loss = defaults.stream().filter(r -> r.getString("name").equals("Packet loss")).findFirst().orElseThrow();
        long lossId = loss.getJsonNumber("id").longValue();
        assertEquals(204, admin.delete("api/v1/alert-rules/" + lossId).status());
        assertEquals(404, admin.get("api/v1/alert-rules/" + lossId).status());
        assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE actor = 'admin' AND action = 'DELETE' "
                + "AND object_type = 'alert_rule' AND object_id = ?", String.valueOf(lossId)));
        assertEquals(1, Database.count("SELECT count(*) FROM setup_steps WHERE name = 'default-alert-rules'"),
                "the step stays done: no start creates the rule again (EarDeploymentIT restarts a server to see it)");
        assertTrue(eventually(ROUNDS, () -> Database.count("SELECT count(*) FROM alerts WHERE resolved_at IS NULL AND rule_id IN ("
                + SYSTEM_RULES + ")") == 0), "disabled rules' alerts resolve");
    }

    // ------------------------------------------------------------------ helpers

    private Http admin() {
        return Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
    }

    private String root() {
        return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/";
    }

    private static Set<String> names(JsonObject mpHealth) {
        return mpHealth.getJsonArray("checks").stream().map(c -> c.asJsonObject().getString("name")).collect(Collectors.toSet());
    }

    private static JsonObject check(JsonObject apiHealth, String name) {
        return apiHealth.getJsonArray("checks").stream().map(JsonValue::asJsonObject).filter(c -> c.getString("name").equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no check " + name + " in " + apiHealth));
    }

    private static Optional<JsonObject> alert(Http admin, String query, String ruleName) {
        return alert(admin, query, ruleName, null);
    }

    private static Optional<JsonObject> alert(Http admin, String query, String ruleName, String subject) {
        return admin.get("api/v1/alerts?limit=500&" + query).json().getJsonArray("items").stream().map(JsonValue::asJsonObject)
                .filter(a -> ruleName == null || ruleName.equals(a.getString("ruleName", null)))
                .filter(a -> subject == null || subject.equals(a.getString("subjectKey", null)))
                .findFirst();
    }

    private static void linkFping() {
        try {
            Files.createDirectories(FPING_LINK.getParent());
            Files.deleteIfExists(FPING_LINK);
            Files.createSymbolicLink(FPING_LINK, Path.of("/usr/bin/fping"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The default rules and what they raised, gone: the other test classes run without them. */
    private static void forgetDefaultRules() {
        String alerts = "SELECT id FROM alerts WHERE rule_id IN (" + SYSTEM_RULES + ")";
        Database.execute("UPDATE alerts SET parent_alert_id = NULL WHERE parent_alert_id IN (" + alerts + ")");
        Database.execute("DELETE FROM alert_events WHERE alert_id IN (" + alerts + ")");
        Database.execute("DELETE FROM alert_comments WHERE alert_id IN (" + alerts + ")");
        Database.execute("DELETE FROM alerts WHERE rule_id IN (" + SYSTEM_RULES + ")");
        Database.execute("DELETE FROM alert_rules WHERE created_by = 'system'");
        Database.execute("UPDATE alerts SET state = 'RESOLVED', resolved_at = now(), resolved_by = 'system' "
                + "WHERE subject_key = 'system:probing' AND resolved_at IS NULL");
    }
}
