package ge.wardops.audit;

import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit chain check as an auditor uses it: intact while the application alone writes the
 * log; a row changed by someone who switched the protecting trigger off is named as the place
 * where the chain breaks. The test puts the row back afterwards, so the log is whole again.
 */
@ExtendWith(ArquillianExtension.class)
class AuditChainIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    private static void asTableOwner(String sql, Object... params) {
        Database.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete");
        try {
            Database.execute(sql, params);
        } finally {
            Database.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete");
        }
    }

    @Test
    void anAuditorSeesTheChainIntactAndTheFirstRowChangedBehindTheApplicationsBack() {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String run = Deployments.unique();
        String password = "Auditor-password-" + run;
        TestFleet.user(admin, "aud-" + run, password, "auditor");
        TestFleet.user(admin, "view-" + run, password, "viewer");
        Http auditor = Http.anonymous(base).as("aud-" + run, password);
        assertEquals(403, Http.anonymous(base).as("view-" + run, password).get("api/v1/audit/chain").status(), "viewers may not");

        JsonObject before = auditor.get("api/v1/audit/chain").json();
        assertTrue(before.getBoolean("intact"), before.toString());
        assertTrue(before.getJsonNumber("rowsChecked").longValue() > 0);

        long victim = Long.parseLong(Database.column("SELECT id FROM audit_events WHERE actor = ? ORDER BY id LIMIT 1", "admin").get(0));
        String actor = Database.column("SELECT actor FROM audit_events WHERE id = ?", victim).get(0);
        asTableOwner("UPDATE audit_events SET actor = 'mallory' WHERE id = ?", victim);
        try {
            JsonObject broken = auditor.get("api/v1/audit/chain").json();
            assertFalse(broken.getBoolean("intact"), broken.toString());
            assertEquals(victim, broken.getJsonNumber("firstBrokenId").longValue());
            assertEquals("HASH", broken.getString("problem"), "the row no longer matches its keyed hash: " + broken);
        } finally {
            asTableOwner("UPDATE audit_events SET actor = ? WHERE id = ?", actor, victim);
        }
        assertTrue(auditor.get("api/v1/audit/chain").json().getBoolean("intact"), "whole again once the row is put back");
    }

    @Test
    void theApplicationsOwnDatabaseAccountCannotChangeTheAuditLog() throws Exception {
        try (java.sql.Connection pool = java.sql.DriverManager.getConnection(System.getProperty("test.db.url"),
                System.getProperty("test.db.runtime.user"), System.getProperty("test.db.runtime.password"));
             java.sql.Statement s = pool.createStatement()) {
            for (String attack : java.util.List.of("UPDATE audit_events SET actor = 'mallory'", "DELETE FROM audit_events",
                    "TRUNCATE audit_events", "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete")) {
                java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                        () -> s.execute(attack), attack);
                assertEquals("42501", refused.getSQLState(), attack + ": " + refused.getMessage());
            }
        }
    }

    @Test
    void theChainCheckNamesTheLastSignedAnchorAndItHolds() throws InterruptedException {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        JsonObject report = admin.get("api/v1/audit/chain").json();
        // the first anchor is signed 20 s after the start, then every wardops.audit.anchor.minutes
        for (int i = 0; i < 45 && !report.containsKey("lastAnchorId"); i++) {
            Thread.sleep(2_000);
            report = admin.get("api/v1/audit/chain").json();
        }
        assertTrue(report.containsKey("lastAnchorId"), "an anchor was signed: " + report);
        assertTrue(report.getBoolean("lastAnchorHolds"), report.toString());
        assertTrue(report.getInt("anchorsHeld") >= 1, report.toString());
        assertTrue(report.getBoolean("intact"), report.toString());

        ge.wardops.testing.ConsoleBrowser browser = new ge.wardops.testing.ConsoleBrowser(base);
        assertEquals(302, browser.login("admin", Deployments.ADMIN_PASSWORD, "/console/").statusCode());
        String page = browser.get("console/audit.xhtml").body();
        // (a newer anchor may have been signed since: the page names the newest)
        assertTrue(page.contains("last signed anchor: row "), page);
        assertTrue(page.contains("matches the database"), "the auditor sees the anchor's verification");
    }

    @Test
    void anAnchorKeptFromEarlierShowsWhetherItsRowIsStillThereUnchanged() {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        JsonObject newest = admin.get("api/v1/audit/events?limit=1").json().getJsonArray("items").getJsonObject(0);
        long id = newest.getJsonNumber("id").longValue();
        String hash = newest.getString("hash");

        JsonObject present = admin.get("api/v1/audit/chain?anchor_id=" + id + "&anchor_hash=" + hash).json();
        assertEquals("present", present.getString("anchor"), present.toString());
        assertTrue(present.getBoolean("intact"));

        JsonObject changed = admin.get("api/v1/audit/chain?anchor_id=" + id + "&anchor_hash=" + "0".repeat(64)).json();
        assertEquals("changed", changed.getString("anchor"));
        assertFalse(changed.getBoolean("intact"), "a row that no longer has the hash its reader saw");

        // A row id beyond the newest: what a reader who kept the last hash sees after the tail was cut off.
        JsonObject missing = admin.get("api/v1/audit/chain?anchor_id=" + (id + 1_000_000) + "&anchor_hash=" + hash).json();
        assertEquals("missing", missing.getString("anchor"));
        assertFalse(missing.getBoolean("intact"));
        assertFalse(missing.containsKey("firstBrokenId") && !missing.isNull("firstBrokenId"),
                "the chain itself links up: only the anchor shows the cut: " + missing);

        Http.Answer bad = admin.get("api/v1/audit/chain?anchor_id=" + id + "&anchor_hash=xyz");
        assertEquals(400, bad.status(), bad.toString());
        assertEquals("anchor_hash", bad.json().getJsonArray("errors").getJsonObject(0).getString("field"));
    }
}
