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
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
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
 * What bank IT and a new user do: run the one command that installs Payara Server, configures
 * the domain with server-config/, deploys the real EAR and loads the demo fleet; log in to the
 * console with the printed password; create and list a device over HTTP; run the command again
 * (nothing duplicated); stop it all; start it again and use the console first, as every role.
 * Ports and folders of its own; loopback only.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EarDeploymentIT {

    // Overridable so that two worktrees on one machine can run it at once (-Dtest.ear.port-base=...).
    private static final int PORT_BASE = Integer.getInteger("test.ear.port-base", 9100);
    private static final String BASE = "http://127.0.0.1:" + (PORT_BASE + 80) + "/";
    private static final int DEMO_DEVICES = 40;
    private static final String DATABASE = System.getProperty("test.ear.db.name", "wardops_ear_test");
    private static final int VM_PORT = Integer.getInteger("test.ear.vm.port", 18428);
    /** WARDOPS_HEAP given to the run command: not the default 1g, so the test sees it was applied. */
    private static final int HEAP_MIB = 1100;
    /** What the run command prints once the first availability round has seen the whole demo fleet. */
    private static final String FIRST_ROUND = DEMO_DEVICES + " devices probed: " + DEMO_DEVICES + " up, 0 down";
    private static final List<String> ROLES = List.of("admin", "operator", "regional_manager", "auditor", "viewer");
    /** Who may open which console page besides everyone (web.xml; RoleMatrixIT decides the same on Micro). */
    private static final Map<String, Set<String>> RESTRICTED_PAGES = Map.of(
            "console/users.xhtml", Set.of("admin"),
            "console/audit.xhtml", Set.of("admin", "auditor"),
            "console/alert-rules.xhtml", Set.of("admin", "operator"),
            "console/maintenance.xhtml", Set.of("admin", "operator"),
            "console/notifications.xhtml", Set.of("admin", "operator"),
            "console/device-form.xhtml", Set.of("admin", "operator"),
            "console/import.xhtml", Set.of("admin", "operator"),
            "console/snmp-credentials.xhtml", Set.of("admin", "operator"),
            "console/reports.xhtml", Set.of("admin", "operator", "regional_manager", "auditor"));

    private static final Path REPO = Path.of(System.getProperty("wardops.repo"));
    private static final Path EAR = Path.of(System.getProperty("wardops.ear"));
    private static final Path HOME = Path.of(System.getProperty("wardops.home"));
    private static final long CLASS_STARTED_MILLIS = System.currentTimeMillis();
    /** A server.log line's time (JSON lines, server-config). */
    private static final Pattern TIME_MILLIS = Pattern.compile("\"TimeMillis\":\"(\\d+)\"");
    private static final RunCommand WARDOPS = new RunCommand(HOME, PORT_BASE, VM_PORT, DEMO_DEVICES, DATABASE, Duration.ofMinutes(15),
            Map.of("WARDOPS_DEMO_BRANCHES", "8", "WARDOPS_HEAP", HEAP_MIB + "m"));

    private static String output = "";
    private static String adminPassword;

    @BeforeAll
    static void runTheRunCommand() throws Exception {
        // State of an earlier run (VictoriaMetrics' series, the demo agents' links) belongs to its database.
        WARDOPS.freshStart("vmdata", "demo-snmp");
        RunCommand.Result up = WARDOPS.run("up");
        output = up.output();
        assertEquals(0, up.exit(), "the run command failed:\n" + tail(up.output()));
        adminPassword = WARDOPS.adminPassword();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        WARDOPS.run("stop");
    }

    @Test
    @Order(1)
    void theDomainsAdminPortAnswersNothingWithoutTheGeneratedPasswordAndNamesNoServer() throws Exception {
        Path file = HOME.resolve("payara-admin-password");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String password = Files.readString(file).strip().replaceFirst("^AS_ADMIN_PASSWORD=", "");
        assertTrue(password.length() >= 20, "a generated password");
        // Shown once: by the run that created the domain, never again (a reused test folder has it already).
        boolean created = output.contains("creating domain");
        assertEquals(created, output.contains(password), (created ? "printed by the run that created the domain:\n"
                : "printed only by the run that created the domain:\n") + tail(output));
        String version = "http://127.0.0.1:" + (PORT_BASE + 48) + "/management/domain/version";
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(version)).header("Accept", "application/json").GET());
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        HttpResponse<String> admin = send(HttpRequest.newBuilder(URI.create(version)).header("Accept", "application/json")
                .header("X-Requested-By", "wardops-test").header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8))).GET());
        assertEquals(200, admin.statusCode(), admin.body());
        HttpResponse<String> app = send(HttpRequest.newBuilder(URI.create(BASE + "api/v1/health")).GET());
        assertTrue(app.headers().firstValue("Server").isEmpty() && app.headers().firstValue("X-Powered-By").isEmpty(),
                app.headers().map().toString());
    }

    @Test
    @Order(1)
    void theRunCommandPrintsTheConsoleAddressAndTheFirstLogin() {
        assertTrue(output.contains(BASE + "console/"), tail(output));
        assertTrue(output.contains("WARD OPS is running. " + FIRST_ROUND), "it waited for the first round and said what it saw:\n"
                + tail(output));
        assertTrue(output.contains(adminPassword), "the generated admin password is printed once:\n" + tail(output));
        assertTrue(adminPassword.length() >= 16);
    }

    @Test
    @Order(2)
    void theDemoFleetIsThereAndAnOperatorAddsADevice() throws Exception {
        JsonObject page = json(send(WARDOPS.api("api/v1/devices?limit=1").GET()));
        assertEquals(DEMO_DEVICES, page.getInt("total"));
        HttpResponse<String> branches = send(WARDOPS.api("api/v1/branches").GET());
        assertEquals(200, branches.statusCode(), branches.body());
        long branch;
        try (var reader = Json.createReader(new StringReader(branches.body()))) {
            branch = reader.readArray().getJsonObject(0).getJsonNumber("id").longValue();
        }
        HttpResponse<String> created = send(WARDOPS.api("api/v1/devices").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ear-test-atm\",\"ip\":\"127.77.1.1\",\"type\":\"ATM\",\"branchId\":" + branch + "}")));
        assertEquals(201, created.statusCode(), created.body());
        JsonObject found = json(send(WARDOPS.api("api/v1/devices?q=ear-test-atm").GET()));
        assertEquals(1, found.getInt("total"));
        assertEquals("127.77.1.1", found.getJsonArray("items").getJsonObject(0).getString("ip"));
    }

    @Test
    @Order(3)
    void theDemoFleetIsProbedAndItsRoundTripTimesAreInVictoriaMetrics() throws Exception {
        awaitVictoriaMetrics("/api/v1/query?query=" + URLEncoder.encode("count(wardops_ping_rtt_ms)", StandardCharsets.UTF_8),
                EarDeploymentIT::seriesCount, DEMO_DEVICES, Duration.ofSeconds(90),
                "every demo device should have a real RTT in VictoriaMetrics");
    }

    @Test
    @Order(4)
    void theDemoRoutersAnswerSnmpAndTheirCountersFlow() throws Exception {
        awaitVictoriaMetrics("/api/v1/series?match[]=" + URLEncoder.encode("wardops_snmp_ifHCInOctets_per_second", StandardCharsets.UTF_8),
                answer -> json(answer).getJsonArray("data").stream().map(v -> v.asJsonObject().getString("device_id")).distinct().count(),
                8, Duration.ofSeconds(180), "8 demo routers should have interface rates from SNMP");
    }

    @Test
    @Order(5)
    void theServerRunsWithTheHeapTheRunCommandWasGiven() throws Exception {
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(URI.create(BASE + "metrics")).GET());
        assertEquals(200, metrics.statusCode());
        double max = metrics.body().lines().filter(l -> l.startsWith("memory_maxHeap_bytes") || l.startsWith("base_memory_maxHeap_bytes"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no memory_maxHeap_bytes in /metrics"));
        assertEquals(HEAP_MIB, Math.round(max / (1024 * 1024)), "WARDOPS_HEAP=" + HEAP_MIB + "m should be the server's -Xmx");
    }

    @Test
    @Order(5)
    void theOpenApiDocumentDescribesTheApi() throws Exception {
        HttpResponse<String> openapi = send(HttpRequest.newBuilder(URI.create(BASE + "openapi")).GET());
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("/api/v1/devices"), openapi.body().substring(0, Math.min(500, openapi.body().length())));
    }

    /**
     * A library's complaint about its own logging is not an error of the server: jsmiparser logs through
     * SLF4J, and without a binding SLF4J wrote three "Failed to load class StaticLoggerBinder" lines that
     * Payara filed as SEVERE on every start. The server's log (every file of it, the lines of this run)
     * holds none.
     */
    @Test
    @Order(5)
    void theServerLogHasNoComplaintOfAMissingLoggingBinding() throws Exception {
        List<Path> logs;
        try (var files = Files.walk(HOME, 8)) {
            logs = files.filter(f -> f.getParent() != null && f.getParent().endsWith("logs")
                    && f.getFileName().toString().startsWith("server.log")).toList();
        }
        assertTrue(!logs.isEmpty(), "the domain's server.log under " + HOME);
        List<String> complaints = new ArrayList<>();
        for (Path log : logs) {
            // JSON lines (server-config): "TimeMillis" tells this run's lines from an earlier run's in a kept home.
            Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains("SLF4J:"))
                    .filter(l -> {
                        Matcher at = TIME_MILLIS.matcher(l);
                        return !at.find() || Long.parseLong(at.group(1)) >= CLASS_STARTED_MILLIS;
                    })
                    .forEach(complaints::add);
        }
        assertEquals(List.of(), complaints, "in " + logs);
    }

    @Test
    @Order(5)
    void errorsAreTheApplicationsOwnPagesNotTheServersReport() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(BASE + "no-such-page.html")).GET());
        assertEquals(404, page.statusCode());
        assertTrue(page.body().contains("WARD OPS") && !page.body().contains("Payara"), page.body());
        assertTrue(page.headers().firstValue("Server").isEmpty(), "no Server header: " + page.headers().map());
        HttpResponse<String> api = send(WARDOPS.api("api/v1/no-such-resource").GET());
        assertEquals(404, api.statusCode());
        assertTrue(api.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), api.headers().map().toString());
        assertTrue(!api.body().contains("Payara"), api.body());
    }

    @Test
    @Order(6)
    void theConsoleLoginWorksWithThePrintedPassword() throws Exception {
        HttpClient browser = WARDOPS.browser("admin", adminPassword);
        HttpResponse<String> console = browser.send(HttpRequest.newBuilder(URI.create(BASE + "console/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, console.statusCode());
        assertTrue(console.body().contains("admin"));
    }

    @Test
    @Order(8)
    void runningTheCommandAgainKeepsTheSameEarAndLoadsANewOneByAStartDuplicatingNothing() throws Exception {
        // The same EAR: not deployed again into the running server (after such a deployment Payara keeps
        // its own @RolesAllowed filter on, ~85 % more per API request), the application loaded stays.
        RunCommand.Result again = WARDOPS.run("up");
        assertEquals(0, again.exit(), tail(again.output()));
        assertTrue(again.output().contains("the EAR is the one deployed before"), tail(again.output()));
        assertFalse(again.output().contains("deploying "), "nothing deployed:\n" + tail(again.output()));
        assertEquals(DEMO_DEVICES + 1, json(send(WARDOPS.api("api/v1/devices?limit=1").GET())).getInt("total"));

        // Another EAR (one entry more): deployed, then the domain restarted so that a start loads it.
        Path changed = RunCommand.changedCopy(EAR, "EarDeploymentIT " + CLASS_STARTED_MILLIS);
        RunCommand.Result upgraded = WARDOPS.run(Map.of("WARDOPS_EAR", changed.toString()), "up");
        assertEquals(0, upgraded.exit(), tail(upgraded.output()));
        assertTrue(upgraded.output().contains("deploying " + changed), tail(upgraded.output()));
        assertTrue(upgraded.output().contains("restarting Payara domain") && upgraded.output().contains("loaded by a start"),
                "restarted after replacing the application:\n" + tail(upgraded.output()));
        assertTrue(upgraded.output().contains("WARD OPS is running."), tail(upgraded.output()));
        assertEquals(DEMO_DEVICES + 1, json(send(WARDOPS.api("api/v1/devices?limit=1").GET())).getInt("total"));
        assertEquals(1, json(send(WARDOPS.api("api/v1/devices?q=ear-test-atm").GET())).getInt("total"));
    }

    @Test
    @Order(7)
    void aNewInstallationHasTheDefaultRulesAndADeletedOneIsGone() throws Exception {
        HttpResponse<String> rules = send(WARDOPS.api("api/v1/alert-rules").GET());
        assertEquals(200, rules.statusCode(), rules.body());
        assertEquals(Set.of("Device down", "Branch unreachable", "High round-trip time", "Packet loss", "Interface down"),
                systemRules(rules.body()).keySet());
        long loss = systemRules(rules.body()).get("Packet loss");
        assertEquals(204, send(WARDOPS.api("api/v1/alert-rules/" + loss).DELETE()).statusCode(), "deleted like any rule");
    }

    @Test
    @Order(9)
    void stopStopsTheServer() throws Exception {
        RunCommand.Result stop = WARDOPS.run("stop");
        assertEquals(0, stop.exit(), tail(stop.output()));
        assertThrows(ConnectException.class, () -> HTTP.send(HttpRequest.newBuilder(URI.create(BASE + "api/v1/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    @Order(10)
    void afterAStopTheRunCommandStartsItAgainAndTheConsoleWorksFirstThenForEveryRole() throws Exception {
        RunCommand.Result up = WARDOPS.run("up");
        assertEquals(0, up.exit(), tail(up.output()));
        int devices = DEMO_DEVICES + 1;
        assertTrue(up.output().contains(devices + " devices probed: " + devices + " up, 0 down"), tail(up.output()));

        // The console before any API call: after a restart its pages were the first to need the
        // persistence unit, and every one of them answered 500.
        HttpClient admin = WARDOPS.browser("admin", adminPassword);
        List<String> wrong = new ArrayList<>(pagesRefusedOrBroken(admin, "admin"));
        assertEquals(List.of(), wrong, "the admin's console pages after a restart");

        for (String role : ROLES.subList(1, ROLES.size())) {
            String user = "ear-" + role.replace('_', '-');
            String password = "Second-Start-Pw-77"; // the policy refuses a password that contains the user name
            String regions = role.equals("regional_manager") ? ",\"regionIds\":[" + firstRegion() + "]" : "";
            HttpResponse<String> created = send(WARDOPS.api("api/v1/users").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + user + "\",\"password\":\"" + password
                            + "\",\"roles\":[\"" + role + "\"]" + regions + "}")));
            assertEquals(201, created.statusCode(), created.body());
            wrong.addAll(pagesRefusedOrBroken(WARDOPS.browser(user, password), role));
        }
        assertEquals(List.of(), wrong, "every console page for every role after a restart");

        HttpResponse<String> rules = send(WARDOPS.api("api/v1/alert-rules").GET());
        assertEquals(200, rules.statusCode(), rules.body());
        assertEquals(Set.of("Device down", "Branch unreachable", "High round-trip time", "Interface down"),
                systemRules(rules.body()).keySet(), "the deleted default rule was not created again");
    }

    // ------------------------------------------------------------------------------ helpers

    /** Every console page of the WAR's sources opened by {@code role}: those it may open must answer 200, the others 403. */
    private static List<String> pagesRefusedOrBroken(HttpClient browser, String role) throws IOException, InterruptedException {
        List<String> pages;
        try (var files = Files.list(REPO.resolve("web-module/src/main/webapp/console"))) {
            pages = files.map(f -> "console/" + f.getFileName()).filter(p -> p.endsWith(".xhtml")).sorted().toList();
        }
        assertTrue(pages.size() >= 15, "the console's pages: " + pages);
        List<String> wrong = new ArrayList<>();
        for (String page : pages) {
            HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(URI.create(BASE + page)).timeout(Duration.ofSeconds(60))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            boolean mayOpen = !RESTRICTED_PAGES.containsKey(page) || RESTRICTED_PAGES.get(page).contains(role);
            if (answer.statusCode() != (mayOpen ? 200 : 403)) {
                wrong.add(page + " as " + role + ": " + answer.statusCode() + " "
                        + answer.body().substring(0, Math.min(300, answer.body().length())));
            }
        }
        return wrong;
    }

    /** The rules created by the system (the defaults), name → id. */
    private static Map<String, Long> systemRules(String rulesJson) {
        Map<String, Long> out = new java.util.HashMap<>();
        try (var reader = Json.createReader(new StringReader(rulesJson))) {
            reader.readArray().forEach(v -> {
                JsonObject rule = v.asJsonObject();
                if ("system".equals(rule.getString("createdBy", null))) {
                    out.put(rule.getString("name"), rule.getJsonNumber("id").longValue());
                }
            });
        }
        return out;
    }

    private static long firstRegion() throws IOException, InterruptedException {
        HttpResponse<String> regions = send(WARDOPS.api("api/v1/regions").GET());
        assertEquals(200, regions.statusCode(), regions.body());
        try (var reader = Json.createReader(new StringReader(regions.body()))) {
            return reader.readArray().getJsonObject(0).getJsonNumber("id").longValue();
        }
    }

    /** Asks the run command's VictoriaMetrics until {@code measure} of its answer reaches {@code atLeast}, or fails. */
    private static void awaitVictoriaMetrics(String pathAndQuery, ToLongFunction<String> measure, long atLeast,
                                             Duration limit, String expectation) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + VM_PORT + pathAndQuery);
        long deadline = System.nanoTime() + limit.toNanos();
        String answer = "";
        while (System.nanoTime() < deadline) {
            answer = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            if (measure.applyAsLong(answer) >= atLeast) {
                return;
            }
            Thread.sleep(2_000);
        }
        throw new AssertionError(expectation + " within " + limit.toSeconds() + " s; last answer: " + answer);
    }

    /** The value of a one-element instant vector from VictoriaMetrics' query API, or -1. */
    private static long seriesCount(String answer) {
        try {
            var result = json(answer).getJsonObject("data").getJsonArray("result");
            return result.isEmpty() ? -1 : Long.parseLong(result.getJsonObject(0).getJsonArray("value").getString(1));
        } catch (RuntimeException notYet) {
            return -1;
        }
    }

}
