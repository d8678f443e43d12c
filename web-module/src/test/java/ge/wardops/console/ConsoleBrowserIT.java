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

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static ge.wardops.testing.Waits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real headless Chromium against the real server: what an operator sees, with the
 * page's JavaScript running. Each test logs in as a regional manager of a region of its own, so the
 * dashboard's numbers are exactly that test's fleet (the feed is region-scoped). The server probes
 * every 2 s and calls a device DOWN after 2 silent rounds (arquillian.xml); a device goes dark by a
 * blackhole route on 127.91/16, which only this test uses and always removes.
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
        assertEquals(201, admin.postJson("api/v1/users", "{\"username\":\"" + manager + "\",\"password\":\"" + password
                + "\",\"roles\":[\"regional_manager\"],\"regionIds\":[" + region + "]}").status());
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
            assertTrue(chrome.until(LIVE, "return !!PF('rttChart') && !!PF('rttChart').chart && PF('rttChart').chart.data.labels.length > 600"),
                    "7 days are drawn in 15-minute steps");
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
        String evil = "<script>alert(1)</script>";
        long id = device(admin, evil, Deployments.net() + "9", f.branchB(), true);
        try (Chrome chrome = new Chrome()) {
            chrome.login(base, f.manager(), f.password(), "/console/");
            assertTrue(chrome.until(LIVE, "return document.querySelectorAll('#branch-grid .tile').length === 2"));
            assertEquals("<img src=x onerror=alert(2)> " + f.run(),
                    chrome.text(By.cssSelector("#branch-grid [data-branch='" + f.branchB() + "'] .tile-name")),
                    "a branch name with markup is a tile's text");

            chrome.open(base, "console/devices.xhtml?q=" + java.net.URLEncoder.encode("<script>", java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(evil, chrome.text(By.cssSelector("a.device-link")), "the list shows the name as text");

            chrome.open(base, "console/device.xhtml?id=" + id);
            assertEquals(evil, chrome.text(By.id("device:name")), "the device page shows the name as text");
            assertThrows(NoAlertPresentException.class, () -> chrome.driver().switchTo().alert(), "no script of a name ever ran");
            assertEquals(java.util.List.of(), chrome.cspViolations(), "the Content-Security-Policy blocked nothing the console does");
        }
    }
}
