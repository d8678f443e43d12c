package ge.wardops.console;

import ge.wardops.testing.ConsoleBrowser;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's pages as the server renders them for a logged-in user: the same inventory the
 * API serves, the actions each role may use, and names shown as text whatever they contain.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    private long branchWithDevice(Http admin, String run, String deviceName, String ip) {
        long regionId = TestFleet.region(admin, "Console " + run, "CN" + run);
        long branchId = TestFleet.branch(admin, regionId, "Console branch " + run, "CB" + run);
        String json = "{\"name\":\"" + deviceName.replace("\"", "\\\"") + "\",\"ip\":\"" + ip + "\",\"type\":\"ROUTER\",\"branchId\":" + branchId + "}";
        return TestFleet.device(admin, json).getJsonNumber("id").longValue();
    }

    @Test
    void theDeviceListShowsTheInventoryAndANameWithMarkupAsText() {
        String run = Deployments.unique();
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String evil = "<script>alert('" + run + "')</script>";
        branchWithDevice(admin, run, evil, Deployments.net() + "1");

        ConsoleBrowser browser = new ConsoleBrowser(base);
        assertEquals(302, browser.login("admin", Deployments.ADMIN_PASSWORD, "/console/").statusCode());
        HttpResponse<String> page = browser.get("console/devices.xhtml?q=" + URLEncoder.encode(run, StandardCharsets.UTF_8));
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains(evil), "markup in a name must never reach the page as markup");
        assertTrue(page.body().contains("&lt;script&gt;alert(") && page.body().contains(run), "the name is shown as text");
        assertTrue(page.body().contains("New device"), "an admin may add devices");
    }

    @Test
    void aViewerSeesTheFleetButNoActionThatChangesIt() {
        String run = Deployments.unique();
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        branchWithDevice(admin, run, "view-" + run, Deployments.net() + "1");
        String password = "Viewer-password-" + run;
        TestFleet.user(admin, "cview-" + run, password, "viewer");

        ConsoleBrowser browser = new ConsoleBrowser(base);
        assertEquals(302, browser.login("cview-" + run, password, "/console/").statusCode());
        HttpResponse<String> page = browser.get("console/devices.xhtml?q=view-" + run);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("view-" + run));
        assertFalse(page.body().contains("New device"));
        HttpResponse<String> importPage = browser.get("console/import.xhtml");
        assertEquals(403, importPage.statusCode(), "no import page for a viewer, as no import in the API");
        assertFalse(importPage.body().contains("type=\"file\""), "no upload for a viewer");
    }

    @Test
    void theDeviceFormShowsTheStoredDeviceAndTheImportPageExplainsTheColumns() {
        String run = Deployments.unique();
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String ip = Deployments.net() + "7";
        long id = branchWithDevice(admin, run, "form-" + run, ip);

        ConsoleBrowser browser = new ConsoleBrowser(base);
        browser.login("admin", Deployments.ADMIN_PASSWORD, "/console/");
        HttpResponse<String> form = browser.get("console/device-form.xhtml?id=" + id);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("value=\"form-" + run + "\""), "the name field holds the stored name");
        assertTrue(form.body().contains("value=\"" + ip + "\""), "the address field holds the stored address");

        HttpResponse<String> importPage = browser.get("console/import.xhtml");
        assertEquals(200, importPage.statusCode());
        assertTrue(importPage.body().contains("example-devices.csv"));
        assertEquals(200, browser.get("console/example-devices.csv").statusCode());
    }

    @Test
    void snmpCredentialsAreListedWithoutSecretsAndOfferedOnTheDeviceFormToEditorsOnly() {
        String run = Deployments.unique();
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String community = "console-secret-" + run;
        Http.Answer credential = admin.postJson("api/v1/snmp-credentials", "{\"name\":\"Console creds " + run
                + "\",\"snmpVersion\":\"v2c\",\"community\":\"" + community + "\"}");
        assertEquals(201, credential.status(), credential.toString());
        long id = branchWithDevice(admin, run, "creds-" + run, Deployments.net() + "1");
        jakarta.json.JsonObject device = admin.get("api/v1/devices/" + id).json();
        Http.Answer changed = admin.putJson("api/v1/devices/" + id, "{\"name\":\"creds-" + run + "\",\"ip\":\"" + device.getString("ip")
                + "\",\"type\":\"ROUTER\",\"branchId\":" + device.getJsonNumber("branchId") + ",\"snmpCredentialId\":"
                + credential.json().getJsonNumber("id") + ",\"version\":" + device.getJsonNumber("version") + "}");
        assertEquals(200, changed.status(), changed.toString());

        ConsoleBrowser browser = new ConsoleBrowser(base);
        browser.login("admin", Deployments.ADMIN_PASSWORD, "/console/");
        HttpResponse<String> page = browser.get("console/snmp-credentials.xhtml");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Console creds " + run));
        assertFalse(page.body().contains(community), "a secret never reaches a page");
        assertTrue(page.body().contains("navSnmpCredentials"));
        HttpResponse<String> form = browser.get("console/device-form.xhtml?id=" + id);
        assertTrue(form.body().contains("Console creds " + run), "the credential picker offers it by name");

        String password = "Viewer-password-" + run;
        TestFleet.user(admin, "ccred-" + run, password, "viewer");
        ConsoleBrowser viewer = new ConsoleBrowser(base);
        viewer.login("ccred-" + run, password, "/console/");
        HttpResponse<String> viewerDevice = viewer.get("console/device.xhtml?id=" + id);
        assertEquals(200, viewerDevice.statusCode());
        assertTrue(viewerDevice.body().contains("Console creds " + run), "a viewer sees which credential the device uses");
        assertFalse(viewerDevice.body().contains("navSnmpCredentials"), "but has no link to the credentials");
        HttpResponse<String> viewerForm = viewer.get("console/device-form.xhtml?id=" + id);
        assertEquals(403, viewerForm.statusCode(), "the form is for those who may change devices");
        HttpResponse<String> viewerPage = viewer.get("console/snmp-credentials.xhtml");
        assertEquals(403, viewerPage.statusCode());
        assertFalse(viewerPage.body().contains("Console creds " + run));
    }

    @Test
    void theDeviceListExportsItsCurrentViewAsCsvOnlyFromTheCallersRegionsAndTheExportIsAudited() {
        String run = Deployments.unique();
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        long mine = branchWithDevice(admin, run, "csv-mine-" + run, Deployments.net() + "1");
        long regionId = admin.get("api/v1/devices/" + mine).json().getJsonNumber("regionId").longValue();
        branchWithDevice(admin, run + "o", "csv-other-" + run, Deployments.net() + "2");
        String password = "Manager-password-" + run;
        TestFleet.regionalManager(admin, "ccsv-" + run, password, regionId);

        ConsoleBrowser manager = new ConsoleBrowser(base);
        assertEquals(302, manager.login("ccsv-" + run, password, "/console/").statusCode());
        HttpResponse<byte[]> csv = manager.press("console/devices.xhtml?q=csv-", "devices", "devices:exportCsv", "devices:text", "csv-");
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), csv.headers().toString());
        assertTrue(csv.headers().firstValue("Content-Disposition").orElse("").contains(".csv"));
        String body = new String(csv.body(), StandardCharsets.UTF_8);
        String[] lines = body.split("\r\n");
        assertEquals("id,name,ip,type,vendor,model,branch,region,enabled,status,status_since_utc,rtt_ms,loss_percent,tags", lines[0]);
        assertTrue(body.contains("csv-mine-" + run), body);
        assertFalse(body.contains("csv-other-" + run), "another region's device never leaves in an export: " + body);
        assertEquals(1, ge.wardops.testing.Database.count(
                "SELECT count(*) FROM audit_events WHERE action = 'EXPORT' AND object_type = 'device' AND actor = ?", "ccsv-" + run),
                "the export is audited");
    }

    @Test
    void theDevicePageShowsTheDeviceAndANameWithMarkupAsTextAndAnotherRegionsDeviceAsNotFound() {
        String run = Deployments.unique();
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String evil = "<b>page-" + run + "</b>";
        String ip = Deployments.net() + "5";
        long id = branchWithDevice(admin, run, evil, ip);
        long other = branchWithDevice(admin, run + "x", "far-" + run, Deployments.net() + "6");
        long regionId = admin.get("api/v1/devices/" + id).json().getJsonNumber("regionId").longValue();
        String password = "Manager-password-" + run;
        TestFleet.regionalManager(admin, "cdev-" + run, password, regionId);

        ConsoleBrowser manager = new ConsoleBrowser(base);
        manager.login("cdev-" + run, password, "/console/");
        HttpResponse<String> page = manager.get("console/device.xhtml?id=" + id);
        assertEquals(200, page.statusCode());
        assertFalse(page.body().contains(evil));
        assertTrue(page.body().contains("&lt;b&gt;page-" + run), "the name as text");
        assertTrue(page.body().contains(ip));
        assertTrue(page.body().contains("times in Asia/Tbilisi"), "times are the bank's");
        assertTrue(page.body().contains("data-live-device=\"" + id + "\""), "the status badge is live");
        HttpResponse<String> far = manager.get("console/device.xhtml?id=" + other);
        assertTrue(far.body().contains("No device with this id in your regions"), "another region's device is not found");
        assertFalse(far.body().contains("far-" + run));
    }
}
