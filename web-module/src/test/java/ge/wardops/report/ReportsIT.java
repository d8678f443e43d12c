package ge.wardops.report;

import ge.wardops.metrics.DiskSpool;
import ge.wardops.metrics.Sample;
import ge.wardops.metrics.VictoriaMetricsSettings;
import ge.wardops.metrics.VictoriaMetricsWriter;
import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import ge.wardops.testing.TestVictoriaMetrics;
import ge.wardops.testing.Waits;
import ge.wardops.testsupport.Loopback;
import ge.wardops.testsupport.VictoriaMetricsProcess;
import jakarta.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reports through the API against the deployed application: exact samples of a past hour imported
 * into the real VictoriaMetrics the server reads, a report generated in the background (202, then
 * its progress and DONE) and downloaded in every format and opened (XLSX cells, CSV lines, PDF
 * text), its sections drilled down from region to branch to device, the permission and a regional
 * manager's scope, SLO targets, bad input as 400 problems, the audit rows of generation and
 * download, and the numbers of a report over a live period in which the real prober (fping) found a
 * blackholed loopback device unreachable for N of M rounds.
 */
@ExtendWith(ArquillianExtension.class)
class ReportsIT {

    /** The server's round interval in the tests (wardops.probe.icmp.interval-seconds in arquillian.xml): one sample stands for this long. */
    static final int ROUND_SECONDS = 2;
    /** 1800 rounds of 2 s: one hour, three days ago (no live probe writes there). */
    static final int M = 1800;
    static final Instant FROM = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.HOURS);
    static final Instant TO = FROM.plus(Duration.ofSeconds((long) ROUND_SECONDS * M));

    /** Blackholed by the live fping test only; no other test uses 127.97/16. */
    static final String LIVE_DARK_RANGE = "127.97.0.0/16";

    private static VictoriaMetricsProcess vm;
    private static Fleet fleet;

    record Fleet(String run, long regionA, long branchA, long regionB, long a1, long a2, long b1) {
    }

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
        Loopback.restoreService(LIVE_DARK_RANGE);
        if (vm != null) {
            vm.close();
        }
    }

    private Http admin() {
        return Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
    }

    /** Two regions with three devices, and their samples: a1 down in 180 of 1800 rounds, a2 and b1 always up. */
    private synchronized Fleet fleet() throws Exception {
        if (fleet != null) {
            return fleet;
        }
        Http admin = admin();
        String run = Deployments.unique();
        long regionA = TestFleet.region(admin, "Report A " + run, "RA" + run);
        long branchA = TestFleet.branch(admin, regionA, "Report branch A " + run, "RBA" + run);
        long regionB = TestFleet.region(admin, "Report B " + run, "RB" + run);
        long branchB = TestFleet.branch(admin, regionB, "Report branch B " + run, "RBB" + run);
        String net = Deployments.net();
        long a1 = device(admin, "=rep-a1-" + run, net + "1", branchA);
        long a2 = device(admin, "rep-a2-" + run, net + "2", branchA);
        long b1 = device(admin, "rep-b1-" + run, net + "3", branchB);
        List<Sample> samples = new ArrayList<>();
        for (int r = 0; r < M; r++) {
            long at = FROM.plusSeconds((long) ROUND_SECONDS * r).toEpochMilli();
            samples.add(up(a1, r < 500 || r >= 680, at));
            samples.add(up(a2, true, at));
            samples.add(up(b1, true, at));
        }
        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(VictoriaMetricsSettings.defaults().withBaseUri(vm.baseUri()),
                new DiskSpool(Files.createTempDirectory("report-spool"), DiskSpool.DEFAULT_MAX_BYTES))) {
            writer.write(samples);
            // Imported by hand into hours the rollup job may have looked at already: marked stale, as docs/reports.md says.
            writer.write(ge.wardops.metrics.PingQueries.staleMarks(FROM, TO));
        }
        vm.forceFlush();
        fleet = new Fleet(run, regionA, branchA, regionB, a1, a2, b1);
        return fleet;
    }

    private static long device(Http admin, String name, String ip, long branch) {
        return TestFleet.device(admin, "{\"name\":\"" + name + "\",\"ip\":\"" + ip + "\",\"type\":\"ROUTER\",\"branchId\":" + branch + "}")
                .getJsonNumber("id").longValue();
    }

    private static Sample up(long device, boolean up, long at) {
        return new Sample("wardops_ping_up", Map.of("device_id", Long.toString(device), "branch", "b", "region", "r", "type", "ROUTER"),
                up ? 1 : 0, at);
    }

    private static String period() {
        return "\"from\":\"" + FROM + "\",\"to\":\"" + TO + "\"";
    }

    /** Asks for a report in the background (202 with its Location) and waits until it is DONE; the report. */
    private static JsonObject generated(Http who, String body) throws Exception {
        Http.Answer accepted = who.postJson("api/v1/reports", body);
        assertEquals(202, accepted.status(), accepted.toString());
        long id = accepted.json().getJsonNumber("id").longValue();
        assertTrue(accepted.header("Location").endsWith("/api/v1/reports/" + id), accepted.header("Location"));
        return done(who, id);
    }

    /** The report once it is no longer RUNNING, which must be DONE. */
    private static JsonObject done(Http who, long id) throws Exception {
        JsonObject[] last = new JsonObject[1];
        assertTrue(Waits.eventually(Duration.ofSeconds(60), () -> {
            last[0] = who.get("api/v1/reports/" + id).json();
            return !"RUNNING".equals(last[0].getString("status"));
        }), "report " + id + " still running: " + last[0]);
        assertEquals("DONE", last[0].getString("status"), last[0].toString());
        return last[0];
    }

    private static long id(JsonObject report) {
        return report.getJsonNumber("id").longValue();
    }

    /** The row of {@code rows} (a section's lines) with this id. */
    private static JsonObject row(JsonObject sections, String section, long id) {
        return sections.getJsonArray(section).stream().map(jakarta.json.JsonValue::asJsonObject)
                .filter(r -> r.getJsonNumber("id").longValue() == id).findFirst()
                .orElseThrow(() -> new AssertionError("no " + section + " line " + id + " in " + sections));
    }

    private Http manager(Fleet f) {
        String password = "Manager-password-" + f.run();
        String name = "rep-manager-" + f.run();
        Http.Answer created = admin().postJson("api/v1/users", "{\"username\":\"" + name + "\",\"password\":\"" + password
                + "\",\"roles\":[\"regional_manager\"],\"regionIds\":[" + f.regionA() + "]}");
        assertTrue(created.status() == 201 || created.status() == 409, created.toString());
        return Http.anonymous(base).as(name, password);
    }

    private static byte[] download(Http who, long report, String format) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(who.request("api/v1/reports/" + report + "/download?format=" + format).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertTrue(r.headers().firstValue("Content-Disposition").orElse("").startsWith("attachment; filename=\"wardops-availability-"));
        return r.body();
    }

    /** The Devices sheet as name -> SLA availability. */
    private static Map<String, Double> devicesSheet(byte[] xlsx) throws Exception {
        Map<String, Double> out = new HashMap<>();
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet devices = book.getSheet("Devices");
            assertEquals("SLA availability %", devices.getRow(0).getCell(4).getStringCellValue());
            for (Row row : devices) {
                if (row.getRowNum() > 0) {
                    out.put(row.getCell(0).getStringCellValue(), row.getCell(4) == null ? null : row.getCell(4).getNumericCellValue());
                }
            }
        }
        return out;
    }

    @Test
    void anAdminsReportShowsTheHandComputedAvailabilityInEveryFormat() throws Exception {
        Fleet f = fleet();
        Http admin = admin();
        Http.Answer accepted = admin.postJson("api/v1/reports", "{\"kind\":\"AVAILABILITY\"," + period() + ",\"regionIds\":["
                + f.regionA() + "," + f.regionB() + "],\"format\":\"xlsx\"}");
        assertEquals(202, accepted.status(), "generated in the background: " + accepted);
        JsonObject started = accepted.json();
        long id = id(started);
        assertTrue(accepted.header("Location").endsWith("/api/v1/reports/" + id), accepted.header("Location"));
        assertTrue(accepted.header("Link").contains("/api/v1/reports/" + id + "/download?format=xlsx"), accepted.header("Link"));
        assertTrue(List.of("RUNNING", "DONE").contains(started.getString("status")), started.toString());
        assertTrue(started.containsKey("progressPercent"), "the progress shows: " + started);
        JsonObject finished = done(admin, id);
        assertEquals(100, finished.getInt("progressPercent"), finished.toString());
        assertFalse(finished.containsKey("progressStep") && !finished.isNull("progressStep"), "no step once done: " + finished);

        Map<String, Double> devices = devicesSheet(download(admin, id, "xlsx"));
        assertEquals(100.0 * (M - 180) / M, devices.get("'=rep-a1-" + f.run()), 1e-9, "(M-N)/M, and the name defused: " + devices);
        assertEquals(100.0, devices.get("rep-a2-" + f.run()), 1e-9);
        assertEquals(100.0, devices.get("rep-b1-" + f.run()), 1e-9);

        String csv = new String(download(admin, id, "csv"), StandardCharsets.UTF_8);
        assertTrue(csv.contains("\r\n'=rep-a1-" + f.run() + ",Report branch A " + f.run() + " / Report A " + f.run() + ",1,99.5000,90.0000,90.0000,BREACH,100.0000,6.000,"), csv);

        try (PDDocument pdf = Loader.loadPDF(download(admin, id, "pdf"))) {
            String text = new PDFTextStripper().getText(pdf);
            assertTrue(text.contains("Availability and SLA report"), text);
            assertTrue(text.contains("Generated by admin"), text);
            assertTrue(text.contains("rep-b1-" + f.run()), text);
            assertTrue(text.contains("Page 1 of " + pdf.getNumberOfPages()), text);
        }

        JsonObject audit = admin.get("api/v1/audit/events?object_type=report&object_id=" + id).json();
        List<String> actions = audit.getJsonArray("items").stream().map(e -> e.asJsonObject().getString("action")).toList();
        assertTrue(actions.contains("GENERATE"), audit.toString());
        assertEquals(3, actions.stream().filter("EXPORT"::equals).count(), "every download audited: " + audit);
    }

    @Test
    void aRegionalManagersReportCoversOnlyTheirRegion() throws Exception {
        Fleet f = fleet();
        Http manager = manager(f);
        JsonObject mine = generated(manager, "{" + period() + "}");
        long id = id(mine);
        assertEquals(List.of((long) f.regionA()), mine.getJsonArray("regionIds").getValuesAs(jakarta.json.JsonNumber.class)
                .stream().map(jakarta.json.JsonNumber::longValue).toList());
        Map<String, Double> devices = devicesSheet(download(manager, id, "xlsx"));
        assertTrue(devices.containsKey("rep-a2-" + f.run()), devices.toString());
        assertFalse(devices.containsKey("rep-b1-" + f.run()), "another region's device: " + devices);

        assertEquals(403, manager.postJson("api/v1/reports", "{" + period() + ",\"regionIds\":[" + f.regionB() + "]}").status());
        JsonObject sections = manager.get("api/v1/reports/" + id + "/sections").json();
        assertEquals(List.of(f.regionA()), sections.getJsonArray("regions").stream().map(r -> r.asJsonObject().getJsonNumber("id").longValue())
                .toList(), "on screen too, only their region: " + sections);
        long everything = id(generated(admin(), "{" + period() + "}"));
        assertEquals(404, manager.get("api/v1/reports/" + everything).status(), "a report of every region is not theirs");
        assertEquals(404, manager.get("api/v1/reports/" + everything + "/download?format=csv").status());
        assertEquals(404, manager.get("api/v1/reports/" + everything + "/sections").status(), "nor its on-screen view");
        assertFalse(manager.get("api/v1/reports").array().stream().anyMatch(r -> r.asJsonObject().getJsonNumber("id").longValue() == everything));
    }

    @Test
    void aViewerMayNotGenerateReports() {
        String run = Deployments.unique();
        assertEquals(201, admin().postJson("api/v1/users", "{\"username\":\"rep-viewer-" + run + "\",\"password\":\"Viewer-password-" + run
                + "\",\"roles\":[\"viewer\"]}").status());
        Http viewer = Http.anonymous(base).as("rep-viewer-" + run, "Viewer-password-" + run);
        assertEquals(403, viewer.postJson("api/v1/reports", "{" + period() + "}").status());
        assertEquals(403, viewer.get("api/v1/reports").status());
    }

    @Test
    void aBranchTargetIsTheBranchsSloAndItsChangeIsAudited() throws Exception {
        Fleet f = fleet();
        Http admin = admin();
        Http.Answer set = admin.putJson("api/v1/reports/slo-targets/BRANCH/" + f.branchA(), "{\"targetPercent\":85}");
        assertEquals(200, set.status(), set.toString());
        assertEquals(85.0, set.json().getJsonNumber("targetPercent").doubleValue(), 1e-9);
        Http.Answer waited = admin.postJson("api/v1/reports?wait=true", "{" + period() + ",\"regionIds\":[" + f.regionA() + "]}");
        assertEquals(201, waited.status(), "with wait=true the answer comes when it is done, as before: " + waited);
        assertEquals("DONE", waited.json().getString("status"), waited.toString());
        long id = id(waited.json());
        assertTrue(waited.header("Location").endsWith("/api/v1/reports/" + id), waited.header("Location"));
        String csv = new String(download(admin, id, "csv"), StandardCharsets.UTF_8);
        assertTrue(csv.contains("\r\nReport branch A " + f.run() + ",Report A " + f.run() + ",2,85.0000,95.0000,95.0000,,"), "no breach at 85 %: " + csv);
        JsonObject audit = admin.get("api/v1/audit/events?object_type=slo_target").json();
        assertTrue(audit.toString().contains("BRANCH:" + f.branchA()), audit.toString());
        assertEquals(204, admin.delete("api/v1/reports/slo-targets/BRANCH/" + f.branchA()).status());
    }

    @Test
    void theReportOnScreenDrillsDownFromRegionToBranchToDeviceWithTheNumbersOfItsDocuments() throws Exception {
        Fleet f = fleet();
        Http admin = admin();
        long id = id(generated(admin, "{" + period() + ",\"regionIds\":[" + f.regionA() + "," + f.regionB() + "]}"));
        JsonObject sections = admin.get("api/v1/reports/" + id + "/sections").json();

        JsonObject regionA = row(sections, "regions", f.regionA());
        assertEquals(2, regionA.getInt("devices"));
        assertEquals(100.0 * (2 * M - 180) / (2 * M), regionA.getJsonNumber("slaPercent").doubleValue(), 1e-9, regionA.toString());
        JsonObject branchA = row(sections, "branches", f.branchA());
        assertEquals(f.regionA(), branchA.getJsonNumber("parentId").longValue(), "a branch drills up to its region");
        JsonObject a1 = row(sections, "devices", f.a1());
        assertEquals(f.branchA(), a1.getJsonNumber("parentId").longValue(), "a device drills up to its branch");
        assertEquals(100.0 * (M - 180) / M, a1.getJsonNumber("slaPercent").doubleValue(), 1e-9, a1.toString());
        assertEquals(f.branchA(), row(sections, "devices", f.a2()).getJsonNumber("parentId").longValue());
        assertEquals(100.0, row(sections, "devices", f.b1()).getJsonNumber("slaPercent").doubleValue(), 1e-9);

        Map<String, Double> sheet = devicesSheet(download(admin, id, "xlsx"));
        assertEquals(sheet.get("'=rep-a1-" + f.run()), a1.getJsonNumber("slaPercent").doubleValue(), 1e-9, "the screen shows the document's number");
        assertEquals(404, admin.get("api/v1/reports/" + Long.MAX_VALUE + "/sections").status());
        JsonObject audit = admin.get("api/v1/audit/events?object_type=report&object_id=" + id).json();
        assertTrue(audit.getJsonArray("items").stream().anyMatch(e -> "VIEW".equals(e.asJsonObject().getString("action"))
                && "admin".equals(e.asJsonObject().getString("actor"))), "opening it on screen is audited: " + audit);
    }

    @Test
    void aDeviceBlackholedForNOfMRealFpingRoundsShowsMMinusNOverMWithinOneRound() throws Exception {
        Loopback.assumeRoot();
        int m = 12;
        int n = 4;
        Duration round = Duration.ofSeconds(ROUND_SECONDS);
        Http admin = admin();
        String run = Deployments.unique();
        long region = TestFleet.region(admin, "Report live " + run, "RL" + run);
        long branch = TestFleet.branch(admin, region, "Report live branch " + run, "RLB" + run);
        long dark = device(admin, "rep-dark-" + run, "127.97." + java.util.concurrent.ThreadLocalRandom.current().nextInt(256) + ".1", branch);
        long lit = device(admin, "rep-lit-" + run, Deployments.net() + "1", branch);
        assertTrue(Waits.eventually(Duration.ofSeconds(30), () -> timestamps(dark).size() >= 2 && timestamps(lit).size() >= 2),
                "the prober probes both and their samples reach VictoriaMetrics");

        // The period starts and ends half a round after a round, so exactly M rounds fall in it; the
        // range goes dark half a round after the period's second round and comes back N rounds later.
        List<Long> stamps = timestamps(lit);
        Instant from = Instant.ofEpochMilli(stamps.get(stamps.size() - 1)).plus(round.dividedBy(2));
        Instant to = from.plus(round.multipliedBy(m));
        Instant dimAt = from.plus(round.multipliedBy(2));
        try {
            sleepUntil(dimAt);
            Loopback.takeOutOfService(LIVE_DARK_RANGE);
            sleepUntil(dimAt.plus(round.multipliedBy(n)));
        } finally {
            Loopback.restoreService(LIVE_DARK_RANGE);
        }
        assertTrue(Waits.eventually(Duration.ofSeconds(30), () -> timestamps(lit).stream().anyMatch(t -> t >= to.toEpochMilli())
                        && timestamps(dark).stream().anyMatch(t -> t >= to.toEpochMilli())),
                "the rounds after the period are in VictoriaMetrics, so every round of it is");

        JsonObject report = admin.postJson("api/v1/reports?wait=true", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"regionIds\":["
                + region + "]}").json();
        assertEquals("DONE", report.getString("status"), report.toString());
        JsonObject sections = admin.get("api/v1/reports/" + id(report) + "/sections").json();
        double measured = row(sections, "devices", dark).getJsonNumber("rawPercent").doubleValue();

        // The hand computation from the raw samples the prober wrote in [from, to).
        List<Double> values = new ArrayList<>();
        VictoriaMetricsProcess.Series samples = upSamples(dark).get(0);
        for (int i = 0; i < samples.timestamps().size(); i++) {
            long t = samples.timestamps().get(i);
            if (t >= from.toEpochMilli() && t < to.toEpochMilli()) {
                values.add(samples.values().get(i));
            }
        }
        long up = values.stream().filter(v -> v == 1.0).count();
        assertEquals(100.0 * up / values.size(), measured, 1e-9, "the report is the raw samples' share of answered rounds: " + values);
        assertEquals(100.0 * (m - n) / m, measured, 100.0 / m + 1e-9, "(M-N)/M to within one round: " + values);
        assertEquals(100.0, row(sections, "devices", lit).getJsonNumber("rawPercent").doubleValue(), 1e-9, "the lit device answered every round");
    }

    @Test
    void aReportCutOffByARestartIsFailedByTheSchedulerWhileOneMakingProgressShowsItAndRuns() throws Exception {
        Http admin = admin();
        long cutOff = runningReport("20 minutes");
        long alive = runningReport("0 minutes");
        try {
            JsonObject running = admin.get("api/v1/reports/" + alive).json();
            assertEquals("RUNNING", running.getString("status"), running.toString());
            assertEquals(40, running.getInt("progressPercent"));
            assertEquals("querying samples", running.getString("progressStep"));

            assertTrue(Waits.eventually(Duration.ofSeconds(75), () -> "FAILED".equals(admin.get("api/v1/reports/" + cutOff).json()
                    .getString("status"))), "the scheduler's timer (every minute) fails a report without progress for 15 minutes");
            JsonObject failed = admin.get("api/v1/reports/" + cutOff).json();
            assertTrue(failed.getString("error").startsWith("interrupted: no progress since "), failed.toString());
            assertEquals(409, admin.get("api/v1/reports/" + cutOff + "/sections").status());
            assertEquals("RUNNING", admin.get("api/v1/reports/" + alive).json().getString("status"), "one making progress runs on");
            assertEquals(409, admin.get("api/v1/reports/" + alive + "/download?format=pdf").status());
        } finally {
            Database.execute("DELETE FROM reports WHERE id IN (?, ?)", cutOff, alive);
        }
    }

    /** A RUNNING report as a generation leaves it, 40 % through, its last progress {@code ago}. */
    private static long runningReport(String ago) {
        return Database.count("INSERT INTO reports (kind, period_from, period_to, period_label, time_zone, scope_label, requested_by, status, "
                + "expires_at, progress_percent, progress_step, progress_at) VALUES ('AVAILABILITY', now() - interval '1 day', now(), 'cut off', "
                + "'Asia/Tbilisi', 'all regions', 'admin', 'RUNNING', now() + interval '1 day', 40, 'querying samples', now() - CAST(? AS interval)) "
                + "RETURNING id", ago);
    }

    private static List<VictoriaMetricsProcess.Series> upSamples(long deviceId) {
        return vm.export("wardops_ping_up{device_id=\"" + deviceId + "\"}");
    }

    private static List<Long> timestamps(long deviceId) {
        List<VictoriaMetricsProcess.Series> s = upSamples(deviceId);
        return s.isEmpty() ? List.of() : s.get(0).timestamps();
    }

    private static void sleepUntil(Instant at) throws InterruptedException {
        long wait = Duration.between(Instant.now(), at).toMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    /**
     * The rollup job in the deployed application (every minute in the tests): an ended hour with
     * samples and no claim is rolled up within a minute or so, marked done in VictoriaMetrics beside
     * its counts, and a report over it, read from the rollup, shows the samples' availability.
     */
    @Test
    void theLeaderRollsUpAnEndedHourAndTheReportOverItReadsTheRollup() throws Exception {
        Fleet f = fleet();
        Instant hour = FROM.minus(Duration.ofHours(2));
        java.sql.Timestamp at = java.sql.Timestamp.from(hour);
        // The job's first run (a minute after the deployment) looks at every hour of the last 400 days, this one still
        // without samples; once it is done with it, the hour gets its samples and its claim is taken back, so the next run
        // rolls it up (the job never looks at a claimed hour again: a second rollup would store every point twice).
        assertTrue(Waits.eventually(Duration.ofSeconds(150), () -> Database.count("SELECT count(*) FROM rollup_hour_claims WHERE hour = ?"
                + " AND state <> 'ROLLING'", at) == 1), "the job's first run looked at the hour");
        assertFalse(doneMark(hour), "nothing to roll up while the hour had no samples");
        List<Sample> samples = new ArrayList<>();
        for (int r = 0; r < M; r++) {
            samples.add(up(f.a2(), r % 10 != 0, hour.plusSeconds((long) ROUND_SECONDS * r).toEpochMilli())); // every tenth round down
        }
        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(VictoriaMetricsSettings.defaults().withBaseUri(vm.baseUri()),
                new DiskSpool(Files.createTempDirectory("rollup-spool"), DiskSpool.DEFAULT_MAX_BYTES))) {
            writer.write(samples);
        }
        vm.forceFlush();
        Database.execute("DELETE FROM rollup_hour_claims WHERE hour = ?", at);
        assertTrue(Waits.eventually(Duration.ofSeconds(150), () -> Database.count("SELECT count(*) FROM rollup_hour_claims WHERE hour = ?"
                + " AND state = 'DONE' AND devices >= 1", at) == 1), "the leader rolled the hour up");
        assertTrue(doneMark(hour), "marked done beside its counts: " + vm.export("wardops_ping_hour_state"));
        // What a report asks (the same query, uncached): the hour is done and not stale. (Export found
        // the mark while that query did not when the hour began at 00:00 UTC: HourlyRollup.rolledHours.)
        ge.wardops.metrics.VictoriaMetricsReader reader = new ge.wardops.metrics.VictoriaMetricsReader(vm.baseUri(),
                Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertTrue(Waits.eventually(Duration.ofSeconds(30), () -> ge.wardops.report.HourlyRollup.rolledHours(reader)
                        .between(hour, hour.plus(Duration.ofHours(1))).contains(hour)),
                "a report's query sees the hour done; marks: " + vm.export("wardops_ping_hour_state"));
        // (a2's series also has the point of the fleet's hour, FROM, which the job rolled up too)
        VictoriaMetricsProcess.Series rounds = vm.export("wardops_ping_hour{device_id=\"" + f.a2() + "\",series=\"rounds\"}").get(0);
        List<Double> atHour = new ArrayList<>();
        for (int i = 0; i < rounds.timestamps().size(); i++) {
            if (rounds.timestamps().get(i) == hour.toEpochMilli()) {
                atHour.add(rounds.values().get(i));
            }
        }
        assertEquals(List.of((double) M), atHour, "one point at the hour's start, its rounds: " + rounds);
        // The device's history in hour steps reads the rollup too (HourlyHistory, the 30-day chart's path): the point
        // covering the hour is 1620 of 1800 rounds. The raw samples would give 1620 of 1799 (90.06 %): the round at the
        // hour's first millisecond belongs to the hour before in a point of the raw samples.
        JsonObject history = admin().get("api/v1/devices/" + f.a2() + "/history?from=" + hour.minus(Duration.ofHours(1)) + "&to="
                + hour.plus(Duration.ofHours(1)) + "&step=3600").json();
        assertEquals(90.0, pointAt(history.getJsonArray("availabilityPercent"), hour.plus(Duration.ofHours(1))), 1e-9,
                "from the rollup: " + history);

        // One more sample imported now, unmarked (what a replay never does): only a report that read the rollup misses it.
        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(VictoriaMetricsSettings.defaults().withBaseUri(vm.baseUri()),
                new DiskSpool(Files.createTempDirectory("rollup-spool"), DiskSpool.DEFAULT_MAX_BYTES))) {
            writer.write(List.of(up(f.a2(), false, hour.plusMillis(1).toEpochMilli())));
        }
        vm.forceFlush();
        JsonObject report = generated(admin(), "{\"from\":\"" + hour + "\",\"to\":\"" + hour.plus(Duration.ofHours(1))
                + "\",\"regionIds\":[" + f.regionA() + "]}");
        JsonObject sections = admin().get("api/v1/reports/" + id(report) + "/sections").json();
        JsonObject a2 = row(sections, "devices", f.a2());
        assertEquals(90.0, a2.getJsonNumber("rawPercent").doubleValue(), 1e-9, "1620 of 1800 from the rollup, not 1620 of 1801 raw: " + a2);
    }

    /** The value of a history series' point at that moment. */
    private static double pointAt(jakarta.json.JsonArray points, Instant at) {
        for (jakarta.json.JsonValue p : points) {
            jakarta.json.JsonArray pair = p.asJsonArray();
            if (pair.getJsonNumber(0).longValue() == at.toEpochMilli()) {
                return pair.getJsonNumber(1).doubleValue();
            }
        }
        throw new AssertionError("no point at " + at + ": " + points);
    }

    /** Whether this VictoriaMetrics holds the hour's done mark. */
    private static boolean doneMark(Instant hour) {
        return vm.export("wardops_ping_hour_state").stream().anyMatch(m -> m.timestamps().contains(hour.toEpochMilli())
                && m.values().get(m.timestamps().indexOf(hour.toEpochMilli())) == 1.0);
    }

    @Test
    void badInputIsA400NamingTheField() throws Exception {
        Http admin = admin();
        Http.Answer month = admin.postJson("api/v1/reports", "{\"month\":\"2026-13\"}");
        assertEquals(400, month.status(), month.toString());
        assertTrue(month.body().contains("month"), month.toString());
        Http.Answer backwards = admin.postJson("api/v1/reports", "{\"from\":\"" + TO + "\",\"to\":\"" + FROM + "\"}");
        assertEquals(400, backwards.status(), backwards.toString());
        Http.Answer kind = admin.postJson("api/v1/reports", "{\"kind\":\"WEATHER\"}");
        assertEquals(400, kind.status(), kind.toString());
        long id = id(generated(admin, "{" + period() + ",\"regionIds\":[" + fleet().regionB() + "]}"));
        assertEquals(400, admin.get("api/v1/reports/" + id + "/download?format=doc").status());
        assertEquals(400, admin.putJson("api/v1/reports/slo-targets/BRANCH/" + fleet().branchA(), "{\"targetPercent\":101}").status());
    }
}
