package ge.wardops.console;

import ge.wardops.testing.Chrome;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import ge.wardops.testing.DarkRanges;
import ge.wardops.testsupport.Loopback;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static ge.wardops.testing.Waits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real headless Chromium against the real server: what an operator sees, with the
 * page's JavaScript running. Each test logs in as a regional manager of a region of its own, so the
 * dashboard's numbers are exactly that test's fleet (the feed is region-scoped). The server probes
 * every 2 s and calls a device DOWN after 2 silent rounds (arquillian.xml); a device goes dark by a
 * blackhole route on 127.91/16, which only this test uses and always removes.
 *
 * Every page, every dialog and every AJAX action of the console is driven here at least once, by
 * a role that may use it, under the real Content-Security-Policy (scripts from this server and the
 * response's nonce only): any violation the browser reports fails the test (docs/security.md).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsoleBrowserIT {

    private static final String DARK_RANGE = "127.91.0.0/16";
    private static final Duration LIVE = Duration.ofSeconds(30);

    @RegisterExtension
    static final DarkRanges LAB = new DarkRanges(DARK_RANGE);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    /** A region with two branches, its devices, and a regional manager who sees only this region. */
    private record Fleet(String run, String manager, String password, long region, long branchA, long branchB,
                         long dark, long lit, long disabled) {
    }

    private Fleet fleet(String namePrefix, String branchBName) {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String run = Deployments.unique();
        long region = TestFleet.region(admin, "Browser " + run, "BR" + run);
        long a = TestFleet.branch(admin, region, "Browser A " + run, "BA" + run);
        long b = TestFleet.branch(admin, region, branchBName + " " + run, "BB" + run);
        String darkIp = "127.91." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
        String net = Deployments.net();
        long dark = device(admin, namePrefix + "dark-" + run, darkIp, a, true);
        long lit = device(admin, namePrefix + "lit-" + run, net + "1", a, true);
        device(admin, namePrefix + "other-" + run, net + "2", b, true);
        long disabled = device(admin, namePrefix + "off-" + run, net + "3", b, false);
        String manager = "rm-" + run;
        String password = "Manager-password-" + run;
        TestFleet.regionalManager(admin, manager, password, region);
        return new Fleet(run, manager, password, region, a, b, dark, lit, disabled);
    }

    private static long device(Http admin, String name, String ip, long branch, boolean enabled) {
        return TestFleet.device(admin, "{\"name\":\"" + name.replace("\"", "\\\"") + "\",\"ip\":\"" + ip
                + "\",\"type\":\"ROUTER\",\"branchId\":" + branch + ",\"enabled\":" + enabled + "}").getJsonNumber("id").longValue();
    }

    private static String stat(Chrome chrome, String name) {
        return chrome.text(By.id("stat-" + name));
    }

    @Test
    void theDashboardShowsTheFleetAndADeviceThatStopsAnsweringTurnsRedWithoutReload() throws Exception {
        Fleet f = fleet("dash-", "Browser B");
        try (Chrome chrome = new Chrome()) {
            chrome.login(base, f.manager(), f.password(), "/console/");
            assertTrue(chrome.until(LIVE, "return window.WardopsLive && WardopsLive.state.snapshots > 0"),
                    "the dashboard opened the live feed and got its snapshot");
            assertStrict(chrome, "dashboard");
            assertPolicyOfAFreshCopy(chrome, "dashboard");
            assertTrue(chrome.until(LIVE, "return document.getElementById('stat-up').textContent === '3'"),
                    "three enabled devices come UP, seen live: up=" + stat(chrome, "up"));
            assertEquals("4", stat(chrome, "total"), "the manager's region only: four devices");
            assertEquals("0", stat(chrome, "down"));
            assertEquals("0", stat(chrome, "unknown"));
            assertEquals("1", stat(chrome, "disabled"));
            assertEquals("up", chrome.driver().findElement(By.cssSelector("#region-grid [data-region='" + f.region() + "']"))
                    .getAttribute("data-status"));
            assertEquals(1, chrome.driver().findElements(By.cssSelector("#region-grid .tile")).size(),
                    "no other region's tile for a regional manager");

            long snapshots = ((Number) chrome.js("return WardopsLive.state.snapshots;")).longValue();
            long resyncs = ((Number) chrome.js("return WardopsLive.state.resyncs;")).longValue();
            chrome.js("WardopsLive.receive(JSON.stringify({type: 'delta', seq: WardopsLive.state.seq + 5, changes: []}));");
            assertEquals(resyncs + 1, ((Number) chrome.js("return WardopsLive.state.resyncs;")).longValue(),
                    "a gap in the seqs asks for a resync");
            assertTrue(chrome.until(LIVE, "return WardopsLive.state.snapshots === " + (snapshots + 1)), "and the server answers with a snapshot");
            assertEquals("3", stat(chrome, "up"), "which changes nothing that was right");

            chrome.js("window.wardopsSamePage = 'not reloaded';");
            Loopback.takeOutOfService(DARK_RANGE);
            try {
                assertTrue(chrome.until(LIVE, "return document.getElementById('stat-down').textContent === '1'"),
                        "the dark device is counted DOWN on the open dashboard: down=" + stat(chrome, "down"));
                chrome.screenshot("dashboard-device-down");
                assertEquals("2", stat(chrome, "up"));
                assertEquals("not reloaded", chrome.js("return window.wardopsSamePage;"), "live, not by reloading the page");
                assertEquals("down", chrome.driver().findElement(By.cssSelector("#region-grid [data-region='" + f.region() + "']"))
                        .getAttribute("data-status"), "the region's tile is red");
                assertEquals("down", chrome.driver().findElement(By.cssSelector("#branch-grid [data-branch='" + f.branchA() + "']"))
                        .getAttribute("data-status"), "the branch's tile is red");
                assertTrue(chrome.driver().findElement(By.cssSelector("#branch-grid .tile")).getAttribute("data-branch")
                        .equals(String.valueOf(f.branchA())), "the worst branch comes first");
                assertTrue(chrome.until(LIVE, "return !!document.querySelector('#recent-changes li.change-down[data-device=\"" + f.dark() + "\"]')"),
                        "the change is at the top of the recent changes");
                String when = chrome.text(By.cssSelector("#recent-changes li[data-device='" + f.dark() + "'] .change-time"));
                assertTrue(when.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"), "a local time: " + when);

                chrome.open(base, "console/devices.xhtml?q=" + f.run());
                assertTrue(chrome.until(LIVE, "var e = document.querySelector('[data-live-device=\"" + f.dark() + "\"]');"
                        + " return !!e && e.classList.contains('status-down');"), "the device list shows it red");
                chrome.screenshot("device-list-device-down");
                // textContent: the badge's CSS shows it upper case.
                assertEquals("up", chrome.driver().findElement(By.cssSelector("[data-live-device='" + f.lit() + "']")).getAttribute("textContent"));
                assertEquals("disabled", chrome.driver().findElement(By.cssSelector("[data-live-device='" + f.disabled() + "']"))
                        .getAttribute("textContent"));
            } finally {
                Loopback.restoreService(DARK_RANGE);
            }
            assertTrue(chrome.until(LIVE, "var e = document.querySelector('[data-live-device=\"" + f.dark() + "\"]');"
                    + " return !!e && e.classList.contains('status-up');"), "and green again, live, once it answers");
            assertEquals(java.util.List.of(), chrome.cspViolations(), "the Content-Security-Policy blocked nothing the console does");
        }
    }

    @Test
    void theDevicePageDrawsItsHistoryAndInterfaceTrafficCharts() throws Exception {
        Fleet f = fleet("chart-", "Browser C");
        assertTrue(eventually(LIVE, () -> !LAB.vm().export("wardops_ping_rtt_ms{device_id=\"" + f.lit() + "\"}").isEmpty()),
                "the device's pings reach VictoriaMetrics");
        importTraffic(f.lit());
        try (Chrome chrome = new Chrome()) {
            chrome.login(base, f.manager(), f.password(), "/console/device.xhtml?id=" + f.lit());
            assertTrue(chrome.until(LIVE, "return typeof PF === 'function' && !!PF('rttChart') && !!PF('rttChart').chart"),
                    "the RTT chart is drawn");
            Number rttPoints = (Number) chrome.js("return PF('rttChart').chart.data.datasets[0].data.filter(v => v !== null).length;");
            assertTrue(rttPoints.intValue() >= 1, "the RTT chart has data points: " + rttPoints);
            Number availability = (Number) chrome.js("var d = PF('availabilityChart').chart.data.datasets[0].data.filter(v => v !== null);"
                    + " return d[d.length - 1];");
            assertEquals(100.0, availability.doubleValue(), 0.001, "an answering device is 100% available");
            assertTrue((Boolean) chrome.js("var c = document.querySelector('[id$=\"rttChart\"] canvas'); return !!c && c.width > 0 && c.height > 0;"),
                    "on a canvas of real size");
            Number trafficPoints = (Number) chrome.js("var c = document.querySelector('[id$=\"trafficChart\"] canvas');"
                    + " return c ? Chart.getChart(c).data.datasets[0].data.filter(v => v !== null).length : -1;");
            assertTrue(trafficPoints.intValue() >= 5, "the interface traffic chart has points: " + trafficPoints);
            assertTrue(chrome.driver().getPageSource().contains("Gi0/1"), "the interface is named");
            chrome.screenshot("device-page-24h");
            assertTrue(chrome.text(By.id("device:since")).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}"),
                    "since when, as a local time: " + chrome.text(By.id("device:since")));

            chrome.driver().findElement(By.xpath("//div[contains(@class,'ui-selectonebutton')]//*[text()='7 days']")).click();
            boolean week = chrome.until(LIVE, "return !!PF('rttChart') && !!PF('rttChart').chart && PF('rttChart').chart.data.labels.length > 600");
            if (!week) {
                chrome.screenshot("device-page-7d");
            }
            assertTrue(week, () -> "7 days are drawn in 15-minute steps; the page shows: "
                    + chrome.js("var c = document.querySelector('[id$=\"charts\"]'); return (c ? c.innerText : 'no charts panel')"
                    + " + ' | labels: ' + (window.PF && PF('rttChart') && PF('rttChart').chart ? PF('rttChart').chart.data.labels.length : 'none')"
                    + " + ' | range: ' + (document.querySelector('.ui-selectonebutton .ui-state-active') || {}).textContent;"));
            assertEquals(java.util.List.of(), chrome.cspViolations(), "the Content-Security-Policy blocked nothing the console does");
        }
    }

    /** 30 minutes of one interface's rates, as the SNMP collector would have written them. */
    private static void importTraffic(long deviceId) throws Exception {
        StringBuilder lines = new StringBuilder();
        long now = System.currentTimeMillis();
        for (int minute = 30; minute >= 1; minute--) {
            long at = now - minute * 60_000L;
            String labels = "{device_id=\"" + deviceId + "\",index=\"1\",ifname=\"Gi0/1\",type=\"ROUTER\"}";
            lines.append("wardops_snmp_ifHCInOctets_per_second").append(labels).append(' ').append(125_000 + minute * 1000).append(' ').append(at).append('\n');
            lines.append("wardops_snmp_ifHCOutOctets_per_second").append(labels).append(' ').append(60_000).append(' ').append(at).append('\n');
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(LAB.vm().baseUri() + "/api/v1/import/prometheus"))
                .POST(HttpRequest.BodyPublishers.ofString(lines.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode(), r.body());
        LAB.vm().forceFlush();
    }

    @Test
    void namesWithMarkupAreShownAsTextInEveryView() throws Exception {
        Fleet f = fleet("xss-", "<img src=x onerror=alert(2)>");
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String evil = "<script>alert(1)</script> " + f.run(); // names are unique: the run's own
        long id = device(admin, evil, Deployments.net() + "9", f.branchB(), true);
        try (Chrome chrome = new Chrome()) {
            chrome.login(base, f.manager(), f.password(), "/console/");
            assertTrue(chrome.until(LIVE, "return document.querySelectorAll('#branch-grid .tile').length === 2"));
            assertEquals("<img src=x onerror=alert(2)> " + f.run(),
                    chrome.text(By.cssSelector("#branch-grid [data-branch='" + f.branchB() + "'] .tile-name")),
                    "a branch name with markup is a tile's text");

            chrome.open(base, "console/devices.xhtml?q=" + java.net.URLEncoder.encode(evil, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(evil, chrome.text(By.cssSelector("a.device-link")), "the list shows the name as text");

            chrome.open(base, "console/device.xhtml?id=" + id);
            assertEquals(evil, chrome.text(By.id("device:name")), "the device page shows the name as text");
            assertThrows(NoAlertPresentException.class, () -> chrome.driver().switchTo().alert(), "no script of a name ever ran");
            assertEquals(java.util.List.of(), chrome.cspViolations(), "the Content-Security-Policy blocked nothing the console does");
        }
    }

    // ---- every page, dialog and AJAX action under the strict policy -------------------------------------------

    /** A table row holding {@code text}: its button titled {@code title} (the row actions carry titles, not ids). */
    private static By rowButton(String text, String title) {
        return By.xpath("//tr[contains(., '" + text + "')]//button[@title='" + title + "']");
    }

    /** The page ran PrimeFaces' nonce'd scripts and nothing the policy blocked so far. */
    private static void assertStrict(Chrome chrome, String page) {
        assertTrue(chrome.settle(), page + " finished loading");
        assertFalse(chrome.pageNonce().isEmpty(), page + ": PrimeFaces got the page's script nonce");
        assertEquals(java.util.List.of(), chrome.cspViolations(), "the Content-Security-Policy blocked nothing on " + page);
    }

    /**
     * The Content-Security-Policy of a fresh copy of the open page, fetched by the page itself: one
     * policy, whose script-src is this server and a nonce — not the open page's, every response
     * has its own — and nothing inline or eval'd besides.
     */
    private static void assertPolicyOfAFreshCopy(Chrome chrome, String page) {
        String policy = String.valueOf(chrome.js("var x = new XMLHttpRequest(); x.open('GET', location.href, false); x.send();"
                + " return x.getResponseHeader('Content-Security-Policy');"));
        String scriptSrc = java.util.Arrays.stream(policy.split(";")).map(String::trim).filter(d -> d.startsWith("script-src "))
                .findFirst().orElse("");
        assertTrue(scriptSrc.matches("script-src 'self' 'nonce-[A-Za-z0-9+/]{16,}={0,2}'"), page + ": " + policy);
        assertFalse(policy.contains("'unsafe-eval'"), policy);
        assertFalse(scriptSrc.contains(chrome.pageNonce()), page + ": a new response, a new nonce: " + scriptSrc);
    }

    /**
     * Opens the row's edit dialog and closes it with Cancel (a PrimeFaces onclick), then deletes the
     * row through the confirmation dialog.
     */
    private static void editCancelAndDelete(Chrome chrome, String row, String dialog, String form) {
        chrome.click(rowButton(row, "Edit"));
        assertTrue(chrome.dialogShown(dialog), row + ": the edit dialog opens");
        chrome.click(By.xpath("//form[@id='" + form + "']//button[contains(., 'Cancel')]"));
        assertTrue(chrome.dialogHidden(dialog), row + ": Cancel closes it");
        chrome.click(rowButton(row, "Delete"));
        chrome.confirm();
        assertTrue(rowGone(chrome, row), row + ": deleted through the confirmation dialog");
    }

    /** Picks {@code label} in a PrimeFaces select menu as a person does (open it, click the item), firing its AJAX. */
    private static void choose(Chrome chrome, String menuClientId, String label) {
        chrome.click(By.cssSelector("[id='" + menuClientId + "'] .ui-selectonemenu-trigger"));
        chrome.click(By.cssSelector("[id='" + menuClientId + "_panel'] li[data-label=\"" + label + "\"]"));
    }

    /** Sets a PrimeFaces select menu's value without its change event (for a dialog's field, sent with the form). */
    private static void selectValue(Chrome chrome, String menuClientId, Object value) {
        chrome.js("PF(arguments[0]).selectValue(arguments[1]);", "widget_" + menuClientId.replace(':', '_'), String.valueOf(value));
        chrome.settle();
    }

    private static boolean pageShows(Chrome chrome, String text) {
        return chrome.until(LIVE, "return document.body.textContent.includes(arguments[0]);", text);
    }

    /** Whether no table row holds {@code text} (bounded wait); a message naming what was deleted may still show it. */
    private static boolean rowGone(Chrome chrome, String text) {
        return chrome.until(LIVE, "return document.evaluate(arguments[0], document, null, XPathResult.NUMBER_TYPE, null).numberValue === 0;",
                "count(//tr[contains(., '" + text + "')])");
    }

    @Test
    void theInventoryPagesTheirDialogsAndAjaxActionsRunWithoutAnyInlineScriptOfOurs() throws Exception {
        Fleet f = fleet("inv-", "Browser I");
        String run = f.run();
        try (Chrome chrome = new Chrome()) {
            chrome.login(base, "admin", Deployments.ADMIN_PASSWORD, "/console/regions.xhtml");
            assertStrict(chrome, "regions");
            String region = "CSP region " + run;
            chrome.click(By.id("regions:newRegion"));
            assertTrue(chrome.dialogShown("regionDialog"), "the new-region dialog opens");
            chrome.type(By.id("regionForm:name"), region);
            chrome.type(By.id("regionForm:code"), "CR" + run);
            chrome.click(By.id("regionForm:save"));
            assertTrue(chrome.dialogHidden("regionDialog"), "saved, the dialog closes");
            assertTrue(pageShows(chrome, region), "the new region is listed");
            editCancelAndDelete(chrome, region, "regionDialog", "regionForm");
            assertStrict(chrome, "regions' dialogs");

            chrome.open(base, "console/branches.xhtml");
            assertStrict(chrome, "branches");
            chrome.type(By.id("branches:table:globalFilter"), "Browser I " + run);
            assertTrue(chrome.until(LIVE, "return document.querySelectorAll('[id=\"branches:table_data\"] tr').length === 1;"),
                    "the table's filter (a PrimeFaces onkeyup) leaves one branch");
            chrome.type(By.id("branches:table:globalFilter"), run);
            assertTrue(chrome.until(LIVE, "return document.querySelectorAll('[id=\"branches:table_data\"] tr').length === 2;"),
                    "and the region's two");
            choose(chrome, "branches:region", "Browser " + run);
            String branch = "CSP branch " + run;
            chrome.click(By.id("branches:newBranch"));
            assertTrue(chrome.dialogShown("branchDialog"));
            selectValue(chrome, "branchForm:region", f.region());
            chrome.type(By.id("branchForm:name"), branch);
            chrome.type(By.id("branchForm:code"), "CB" + run);
            chrome.click(By.id("branchForm:save"));
            assertTrue(chrome.dialogHidden("branchDialog"), "saved: " + chrome.text(By.id("branchForm")));
            assertTrue(pageShows(chrome, branch));
            editCancelAndDelete(chrome, branch, "branchDialog", "branchForm");
            assertStrict(chrome, "branches' dialogs");

            chrome.open(base, "console/devices.xhtml");
            assertStrict(chrome, "devices");
            chrome.type(By.id("devices:text"), "inv-off-" + run);
            assertTrue(chrome.until(LIVE, "return document.querySelectorAll('a.device-link').length === 1;"),
                    "the text filter (AJAX on input) finds the disabled device");
            choose(chrome, "devices:status", "up");
            assertTrue(chrome.until(LIVE, "return document.querySelectorAll('a.device-link').length === 0;"), "not among the up ones");
            choose(chrome, "devices:status", "disabled");
            assertTrue(chrome.until(LIVE, "return document.querySelectorAll('a.device-link').length === 1;"), "but among the disabled");
            choose(chrome, "devices:region", "Browser " + run);
            chrome.click(By.id("devices:clear"));
            chrome.type(By.id("devices:text"), "inv-other-" + run);
            assertTrue(chrome.until(LIVE, "return document.querySelectorAll('a.device-link').length === 1;"));
            chrome.click(rowButton("inv-other-" + run, "Delete"));
            chrome.confirm();
            assertTrue(chrome.until(LIVE, "return document.querySelectorAll('a.device-link').length === 0;"), "deleted after confirming");
            assertStrict(chrome, "devices' filters and delete");

            chrome.open(base, "console/device-form.xhtml?id=" + f.lit());
            assertStrict(chrome, "device form");
            chrome.driver().findElement(By.id("device:parent_input")).sendKeys("inv-dark-" + run);
            assertTrue(chrome.until(LIVE, "var p = document.getElementById('device:parent_panel');"
                    + " return !!p && p.offsetParent !== null && p.querySelectorAll('.ui-autocomplete-item').length === 1;"),
                    "the parent's suggestions come by AJAX");
            chrome.click(By.cssSelector("[id='device:parent_panel'] .ui-autocomplete-item"));
            chrome.click(By.id("device:save"));
            assertTrue(chrome.until(LIVE, "return location.pathname.endsWith('/console/devices.xhtml');"),
                    "saved, back on the list: " + chrome.text(By.tagName("main")));
            assertStrict(chrome, "device form's autocomplete and save");

            chrome.open(base, "console/device.xhtml?id=" + f.lit());
            assertStrict(chrome, "device");
            chrome.driver().findElement(By.xpath("//div[contains(@class,'ui-selectonebutton')]//*[text()='30 days']")).click();
            assertTrue(chrome.settle());
            assertStrict(chrome, "device's range change");
            chrome.click(By.id("device:edit"));
            assertTrue(chrome.until(LIVE, "return location.pathname.endsWith('/console/device-form.xhtml');"), "Edit (a p:button) opens the form");
            assertStrict(chrome, "device form from the device page");

            chrome.open(base, "console/snmp-credentials.xhtml");
            assertStrict(chrome, "SNMP credentials");
            String credential = "CSP credential " + run;
            chrome.click(By.id("credentials:newCredential"));
            assertTrue(chrome.dialogShown("credentialDialog"));
            chrome.type(By.id("credentialForm:name"), credential);
            chrome.click(By.xpath("//label[contains(., 'v3 (user)')]"));
            assertTrue(chrome.until(LIVE, "return !!document.getElementById('credentialForm:username');"), "v3 fields by AJAX");
            chrome.click(By.xpath("//label[contains(., 'v2c (community)')]"));
            assertTrue(chrome.until(LIVE, "return !!document.getElementById('credentialForm:community');"), "and back");
            chrome.type(By.id("credentialForm:community"), "csp-" + run);
            chrome.click(By.id("credentialForm:save"));
            assertTrue(chrome.dialogHidden("credentialDialog"), "saved: " + chrome.text(By.id("credentialForm")));
            editCancelAndDelete(chrome, credential, "credentialDialog", "credentialForm");
            assertStrict(chrome, "SNMP credentials' dialogs");

            chrome.open(base, "console/import.xhtml");
            assertStrict(chrome, "import");
            java.nio.file.Path csv = java.nio.file.Files.createTempFile("csp-import-", ".csv");
            try {
                java.nio.file.Files.writeString(csv, "name,ip,type,branch\ninv-imported-" + run + "," + Deployments.net() + "7,ROUTER,BA" + run + "\n");
                chrome.driver().findElement(By.id("import:upload_input")).sendKeys(csv.toString());
                chrome.click(By.cssSelector("[id='import:upload'] .ui-fileupload-upload"));
                assertTrue(chrome.until(LIVE, "var s = document.getElementById('import:state'); return !!s && s.textContent === 'SUCCEEDED';"),
                        "the upload runs and the poll shows it done");
            } finally {
                java.nio.file.Files.deleteIfExists(csv);
            }
            chrome.click(By.cssSelector("[id='recent:table'] button[title='Show']"));
            assertStrict(chrome, "import's upload, poll and job list");
        }
    }

    @Test
    void theAlertingPagesTheirDialogsAndLiveUpdatesRunWithoutAnyInlineScriptOfOurs() throws Exception {
        Fleet f = fleet("alr-", "Browser R");
        String run = f.run();
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        // A daily window that started a day ago: today's occurrence is in the calendar's week.
        java.time.Instant start = java.time.Instant.now().minus(Duration.ofDays(1)).minus(Duration.ofMinutes(30));
        assertEquals(201, admin.postJson("api/v1/maintenance-windows", "{\"name\":\"CSP window " + run + "\",\"scopeType\":\"DEVICE\","
                + "\"scopeValue\":\"" + f.disabled() + "\",\"startsAt\":\"" + start + "\",\"endsAt\":\"" + start.plus(Duration.ofHours(1))
                + "\",\"recurrence\":\"DAILY\"}").status());
        try (Chrome chrome = new Chrome()) {
            chrome.login(base, "admin", Deployments.ADMIN_PASSWORD, "/console/alerts.xhtml");
            assertStrict(chrome, "alerts");
            assertTrue(chrome.until(LIVE, "return WardopsLive.state.alertsConnected === true;"), "the alerts page listens on its feed");
            // A rule that holds for any answering device, made while the page is open: the alert fires within a probe round or two.
            assertEquals(201, admin.postJson("api/v1/alert-rules", "{\"name\":\"CSP fires " + run + "\",\"kind\":\"EXPRESSION\","
                    + "\"expression\":\"rtt >= 0\",\"scopeType\":\"DEVICE\",\"scopeValue\":\"" + f.lit() + "\",\"forSeconds\":0,"
                    + "\"severity\":\"WARNING\",\"messageTemplate\":\"CSP alert " + run + " on {device}\"}").status());
            assertTrue(chrome.until(LIVE, "return WardopsLive.state.alertRefreshes > 0;"),
                    () -> "a change on the alerts feed refreshes the table; open alerts: " + admin.get("api/v1/alerts?state=OPEN").raw().body());
            assertTrue(pageShows(chrome, "CSP alert " + run), "the firing alert arrives live, by the page's remote command");
            choose(chrome, "alerts:severity", "Warning");
            chrome.click(By.xpath("//div[@id='alerts:state']//*[text()='Firing']"));
            assertTrue(pageShows(chrome, "CSP alert " + run), "the AJAX filters keep it");
            chrome.click(rowButton("CSP alert " + run, "Details and history"));
            assertTrue(chrome.dialogShown("actionDialog"), "the details dialog opens");
            chrome.js("PF('actionDialog').hide();");
            chrome.click(rowButton("CSP alert " + run, "Acknowledge"));
            assertTrue(chrome.dialogShown("actionDialog"));
            chrome.type(By.id("actionForm:comment"), "looked at " + run);
            chrome.click(By.id("actionForm:submit"));
            assertTrue(chrome.dialogHidden("actionDialog"), "acknowledged: " + chrome.text(By.id("actionForm")));
            assertStrict(chrome, "alerts' live list, filters and dialogs");

            chrome.open(base, "console/alert-rules.xhtml");
            assertStrict(chrome, "alert rules");
            String rule = "CSP rule " + run;
            chrome.click(By.id("rules:newRule"));
            assertTrue(chrome.dialogShown("ruleDialog"));
            chrome.type(By.id("ruleForm:name"), rule);
            selectValue(chrome, "ruleForm:kind", "DEVICE_DOWN");
            selectValue(chrome, "ruleForm:scopeType", "DEVICE");
            chrome.type(By.id("ruleForm:scopeValue"), String.valueOf(f.dark()));
            chrome.type(By.id("ruleForm:messageTemplate"), "{device} is down");
            chrome.click(By.id("ruleForm:preview"));
            assertTrue(chrome.dialogShown("ruleDialog"), "the preview answers in the dialog");
            chrome.click(By.id("ruleForm:save"));
            assertTrue(chrome.dialogHidden("ruleDialog"), "saved: " + chrome.text(By.id("ruleForm")));
            chrome.click(rowButton(rule, "Edit"));
            assertTrue(chrome.dialogShown("ruleDialog"));
            chrome.js("PF('ruleDialog').hide();");
            chrome.click(rowButton(rule, "Delete"));
            chrome.confirm();
            assertTrue(rowGone(chrome, rule));
            assertStrict(chrome, "alert rules' dialog, preview and delete");

            chrome.open(base, "console/maintenance.xhtml");
            assertStrict(chrome, "maintenance");
            chrome.click(By.cssSelector("[id='windows:calendar'] .fc-event"));
            assertTrue(chrome.dialogShown("windowDialog"), "a calendar entry opens its window");
            chrome.js("PF('windowDialog').hide();");
            chrome.click(By.id("windows:newWindow"));
            assertTrue(chrome.dialogShown("windowDialog"));
            chrome.click(By.id("windowForm:save"));
            assertTrue(chrome.until(LIVE, "return !!document.querySelector('[id=\"windowForm\"] .ui-message-error');"),
                    "an empty window is refused in the dialog");
            chrome.js("PF('windowDialog').hide();");
            chrome.click(rowButton("CSP window " + run, "Edit"));
            assertTrue(chrome.dialogShown("windowDialog"));
            chrome.click(By.id("windowForm:save"));
            assertTrue(chrome.dialogHidden("windowDialog"), "saved: " + chrome.text(By.id("windowForm")));
            chrome.click(rowButton("CSP window " + run, "Delete"));
            chrome.confirm();
            assertTrue(rowGone(chrome, "CSP window " + run));
            assertStrict(chrome, "maintenance's calendar and dialog");

            chrome.open(base, "console/notifications.xhtml");
            assertStrict(chrome, "notifications");
            String channel = "CSP channel " + run;
            chrome.click(By.id("notify:newChannel"));
            assertTrue(chrome.dialogShown("channelDialog"));
            chrome.type(By.id("channelForm:channelName"), channel);
            chrome.type(By.id("channelForm:target"), "noc-" + run + "@example.com");
            chrome.click(By.id("channelForm:saveChannel"));
            assertTrue(chrome.dialogHidden("channelDialog"), "saved: " + chrome.text(By.id("channelForm")));
            chrome.click(rowButton(channel, "Send a test message"));
            chrome.click(rowButton(channel, "Edit"));
            assertTrue(chrome.dialogShown("channelDialog"));
            chrome.js("PF('channelDialog').hide();");
            String route = "CSP route " + run;
            chrome.click(By.id("notify:newRoute"));
            assertTrue(chrome.dialogShown("routeDialog"));
            chrome.type(By.id("routeForm:routeName"), route);
            chrome.js("var name = arguments[0]; var o = Array.from(document.querySelectorAll('[id=\"routeForm:channelId_input\"] option'))"
                    + ".find(function (x) { return x.textContent === name; }); PF('widget_routeForm_channelId').selectValue(o.value);", channel);
            chrome.settle();
            chrome.click(By.id("routeForm:saveRoute"));
            assertTrue(chrome.dialogHidden("routeDialog"), "saved: " + chrome.text(By.id("routeForm")));
            chrome.click(rowButton(route, "Delete"));
            chrome.confirm();
            assertTrue(rowGone(chrome, route));
            chrome.click(rowButton(channel, "Delete"));
            chrome.confirm();
            assertTrue(chrome.until(LIVE, "return !document.querySelector('[id=\"notify:channels\"]').textContent.includes(arguments[0]);", channel));
            assertStrict(chrome, "notifications' dialogs, test send and deletes");
        }
    }

    @Test
    void theEventsPageRefreshesLiveFromLiveJsWithoutAnyInlineScriptOfOurs() throws Exception {
        Fleet f = fleet("ev-", "Browser B");
        int syslogPort = Integer.parseInt(System.getProperty("test.events.syslog.port"));
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String lit = admin.get("api/v1/devices/" + f.lit()).json().getString("ip"); // a device of the manager's region
        try (Chrome chrome = new Chrome()) {
            chrome.login(base, f.manager(), f.password(), "/console/events.xhtml");
            assertStrict(chrome, "events");
            assertTrue(chrome.until(LIVE, "return WardopsLive.state.eventsConnected === true;"), "the events page listens on its feed");
            String marker = "browser-event-" + f.run();
            byte[] line = ("<14>1 2026-12-05T10:00:00Z lit app - - - " + marker).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            try (java.net.DatagramSocket s = new java.net.DatagramSocket(new java.net.InetSocketAddress(java.net.InetAddress.getByName(lit), 0))) {
                s.send(new java.net.DatagramPacket(line, line.length, new java.net.InetSocketAddress("127.0.0.1", syslogPort)));
            }
            assertTrue(chrome.until(LIVE, "return WardopsLive.state.eventRefreshes > 0;"), "a stored event refreshes the table");
            assertTrue(pageShows(chrome, marker), "the event arrives live, by the page's remote command");
            assertStrict(chrome, "events' live list");
        }

        // An administrator's part of the page: an event rule made, edited and deleted in its dialog,
        // a MIB file added through the upload (a broken one refused with its line), then removed.
        String run = f.run();
        try (Chrome chrome = new Chrome()) {
            chrome.login(base, "admin", Deployments.ADMIN_PASSWORD, "/console/events.xhtml");
            assertStrict(chrome, "events as an administrator");
            String rule = "CSP event rule " + run;
            chrome.click(By.id("events:newRule"));
            assertTrue(chrome.dialogShown("eventRuleDialog"));
            chrome.type(By.id("ruleForm:name"), rule);
            chrome.click(By.id("ruleForm:save"));
            assertTrue(chrome.until(LIVE, "return !!document.querySelector('[id=\"ruleForm\"] .ui-message-error');"),
                    "a TRAP rule without its trap is refused at the field");
            chrome.type(By.id("ruleForm:trap"), "IF-MIB::linkDown");
            chrome.type(By.id("ruleForm:subjectField"), "ifIndex");
            chrome.click(By.id("ruleForm:save"));
            assertTrue(chrome.dialogHidden("eventRuleDialog"), "created: " + chrome.text(By.id("ruleForm")));
            JsonObject created = admin.get("api/v1/events/rules").array().stream().map(JsonValue::asJsonObject)
                    .filter(r -> r.getString("name").equals(rule)).findFirst().orElseThrow();
            assertEquals("IF-MIB::linkDown", created.getString("trap"));
            assertEquals("ifIndex", created.getString("subjectField"));
            chrome.click(rowButton(rule, "Edit"));
            assertTrue(chrome.dialogShown("eventRuleDialog"));
            chrome.click(By.xpath("//div[@id='ruleForm:kind']//*[text()='Syslog']"));
            assertTrue(chrome.until(LIVE, "return !!document.getElementById('ruleForm:program');"), "the syslog fields by AJAX");
            chrome.type(By.id("ruleForm:program"), "vpnd");
            chrome.click(By.id("ruleForm:save"));
            assertTrue(chrome.dialogHidden("eventRuleDialog"), "saved: " + chrome.text(By.id("ruleForm")));
            JsonObject edited = admin.get("api/v1/events/rules/" + created.getJsonNumber("id").longValue()).json();
            assertEquals("SYSLOG", edited.getString("kind"), edited.toString());
            assertEquals("vpnd", edited.getString("program"), edited.toString());
            assertTrue(!edited.containsKey("trap") || edited.isNull("trap"), "the trap fields went with the kind: " + edited);
            chrome.click(rowButton(rule, "Delete"));
            chrome.confirm();
            assertTrue(rowGone(chrome, rule));
            assertStrict(chrome, "the event rule dialog and delete");

            String module = "CSP-MIB-" + run.toUpperCase(java.util.Locale.ROOT);
            String mib = java.nio.file.Files.readString(java.nio.file.Path.of("../ejb-module/src/test/resources/mibs/ACME-NOC-MIB.txt"))
                    .replace("ACME-NOC-MIB", module);
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("csp-mib-");
            java.nio.file.Path broken = dir.resolve("broken-" + module + ".txt");
            java.nio.file.Path good = dir.resolve(module + ".txt");
            try {
                java.nio.file.Files.writeString(broken, mib.replace("::= { acmeObjects 2 }", "::= { acmeObjects 2"));
                java.nio.file.Files.writeString(good, mib);
                chrome.driver().findElement(By.id("mibs:mibUpload_input")).sendKeys(broken.toString());
                chrome.click(By.cssSelector("[id='mibs:mibUpload'] .ui-fileupload-upload"));
                assertTrue(chrome.until(LIVE, "var m = document.getElementById('mibs:mibMessages'); return !!m && m.textContent.includes(arguments[0]);",
                        "broken-" + module + ".txt line "), "a broken MIB is refused naming its line: " + chrome.text(By.id("mibs")));
                chrome.driver().findElement(By.id("mibs:mibUpload_input")).sendKeys(good.toString());
                chrome.click(By.cssSelector("[id='mibs:mibUpload'] .ui-fileupload-upload"));
                assertTrue(chrome.until(LIVE, "return document.getElementById('mibs:mibTable').textContent.includes(arguments[0]);", module + ".txt"),
                        "the added MIB is listed: " + chrome.text(By.id("mibs")));
            } finally {
                java.nio.file.Files.deleteIfExists(broken);
                java.nio.file.Files.deleteIfExists(good);
                java.nio.file.Files.deleteIfExists(dir);
            }
            assertTrue(admin.get("api/v1/events/mibs").body().contains(module + ".txt"), "added as through the API");
            chrome.click(rowButton(module + ".txt", "Remove"));
            chrome.confirm();
            assertTrue(rowGone(chrome, module + ".txt"));
            assertFalse(admin.get("api/v1/events/mibs").body().contains(module + ".txt"), "removed");
            assertStrict(chrome, "the MIB upload and removal");
        }
    }

    @Test
    void theReportsPageFollowsAGenerationAndDrillsDownOnScreenWithoutAnyInlineScriptOfOurs() throws Exception {
        Fleet f = fleet("rep-", "Browser P");
        String run = f.run();
        try (Chrome chrome = new Chrome()) {
            chrome.login(base, f.manager(), f.password(), "/console/reports.xhtml");
            assertStrict(chrome, "reports");
            chrome.type(By.id("reports:month"), java.time.YearMonth.now(java.time.ZoneOffset.UTC).toString());
            chrome.click(By.id("reports:generate"));
            assertTrue(chrome.until(LIVE, "var s = document.getElementById('reports:table:0:status'); return !!s && s.textContent === 'DONE';"),
                    "the report is generated in the background and the list shows it done");
            chrome.click(By.id("reports:table:0:open"));
            assertTrue(pageShowsIn(chrome, "view:rows", "Browser " + run), "on screen: the manager's region");
            assertTrue(chrome.until(LIVE, "return !!document.querySelector(\"[id='view:chart'] canvas\");"), "with its bar chart");
            assertStrict(chrome, "reports' generation, poll and on-screen view");
            chrome.click(By.id("view:rows:0:drillRegion"));
            assertTrue(pageShowsIn(chrome, "view:rows", "Browser A " + run), "the region's branches");
            chrome.click(By.xpath("//tr[contains(., 'Browser A " + run + "')]//a[contains(@id, 'drillBranch')]"));
            assertTrue(pageShowsIn(chrome, "view:rows", "rep-lit-" + run), "the branch's devices");
            assertTrue(chrome.text(By.id("view:crumbBranch")).contains("Browser A " + run), "the breadcrumbs name the branch");
            chrome.click(By.id("view:crumbRegions"));
            assertTrue(chrome.until(LIVE, "return !document.getElementById('view:crumbBranch')"
                    + " && document.getElementById('view:rows').textContent.includes(arguments[0]);", "Browser " + run), "back up to the regions");
            assertStrict(chrome, "reports' drill-down and breadcrumbs");
            chrome.click(By.id("view:byType"));
            assertTrue(chrome.until(LIVE, "var t = document.getElementById('view:rows');"
                    + " return !!t && t.querySelector('thead').textContent.includes('Device type') && t.querySelectorAll('tbody tr td').length > 1;"),
                    "the report by device type: " + chrome.text(By.id("view")));
            chrome.click(By.id("view:byGroup"));
            assertTrue(chrome.until(LIVE, "var t = document.getElementById('view:rows');"
                    + " return !!t && t.querySelector('thead').textContent.includes('Device group');"), "and by device group");
            assertStrict(chrome, "reports by device type and group");
        }
    }

    private static boolean pageShowsIn(Chrome chrome, String id, String text) {
        return chrome.until(LIVE, "var e = document.getElementById(arguments[0]); return !!e && e.textContent.includes(arguments[1]);", id, text);
    }

    @Test
    void theAccountPagesTheLoginAndTheErrorPagesRunWithoutAnyInlineScriptOfOurs() throws Exception {
        Fleet f = fleet("acc-", "Browser U");
        String run = f.run();
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String person = "csp-" + run;
        String password = "Csp-password-" + run;
        TestFleet.user(admin, person, password, "viewer");
        try (Chrome chrome = new Chrome()) {
            chrome.open(base, "login.xhtml");
            assertStrict(chrome, "login");
            assertPolicyOfAFreshCopy(chrome, "login");
            // The test's own user for the refusal: the shared server locks an account after three failures.
            chrome.driver().findElement(By.id("login:username")).sendKeys(person);
            chrome.driver().findElement(By.id("login:password")).sendKeys("not-the-password");
            chrome.click(By.id("login:submit"));
            assertTrue(pageShows(chrome, "Wrong user name or password"));
            assertStrict(chrome, "login's refusal");
            chrome.login(base, "admin", Deployments.ADMIN_PASSWORD, "/console/audit.xhtml");
            assertStrict(chrome, "audit");
            chrome.type(By.id("audit:user"), person);
            chrome.type(By.id("audit:action"), "LOGIN_FAILED");
            chrome.click(By.id("audit:apply"));
            assertTrue(chrome.until(LIVE, "return document.getElementById('audit:table_data').textContent.includes('LOGIN_FAILED');"),
                    "the filtered log shows the refused login");
            chrome.click(By.id("audit:clear"));
            chrome.click(By.id("audit:verify"));
            assertStrict(chrome, "audit's filters and chain check");

            chrome.open(base, "console/users.xhtml?user=" + person);
            assertStrict(chrome, "users");
            chrome.type(By.id("edit:displayName"), "CSP person " + run);
            chrome.click(By.id("edit:save"));
            assertTrue(pageShows(chrome, "CSP person " + run), "saved by a full POST");
            chrome.click(By.id("edit:unlock"));
            assertStrict(chrome, "users' edit form");
            chrome.type(By.id("create:username"), "csp2-" + run);
            chrome.click(By.id("create:submit"));
            assertStrict(chrome, "users' create form");

            chrome.open(base, "console/tokens.xhtml");
            assertStrict(chrome, "tokens");
            chrome.type(By.id("tokens:name"), "csp token " + run);
            chrome.click(By.id("tokens:create"));
            assertTrue(chrome.until(LIVE, "return !!document.getElementById('newSecret');"), "the new token is shown once");
            chrome.click(rowButton("csp token " + run, "Revoke"));
            chrome.confirm();
            assertTrue(chrome.until(LIVE, "return document.evaluate(arguments[0], document, null, XPathResult.BOOLEAN_TYPE, null).booleanValue;",
                    "boolean(//tr[contains(., 'csp token " + run + "') and contains(., 'revoked')])"), "revoked after confirming, by a full post");
            assertStrict(chrome, "tokens' create and revoke");

            chrome.open(base, "console/password.xhtml");
            assertStrict(chrome, "password");
            chrome.type(By.id("password:current"), "not-the-password");
            chrome.type(By.id("password:next"), "Another-password-" + run);
            chrome.type(By.id("password:confirm"), "Another-password-" + run);
            chrome.click(By.id("password:submit"));
            assertTrue(chrome.until(LIVE, "return !!document.querySelector('.ui-message-error, .ui-messages-error');"),
                    "a wrong current password is refused on the page");
            assertStrict(chrome, "password's refusal");

            chrome.click(By.id("logout:logoutButton"));
            assertTrue(chrome.until(LIVE, "return location.pathname.endsWith('/login.xhtml');"), "logged out to the login page");

            chrome.login(base, person, password, "/console/");
            assertStrict(chrome, "dashboard of a viewer");
            chrome.open(base, "console/users.xhtml");
            assertTrue(pageShows(chrome, "Access denied"), "a viewer is refused the users page");
            chrome.open(base, "no/such/page");
            assertTrue(pageShows(chrome, "nothing at this address"));
            assertEquals(java.util.List.of(), chrome.cspViolations(), "the error pages run nothing the policy blocks");
        }
    }
}
