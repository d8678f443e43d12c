package ge.wardops.alerting;

import ge.wardops.testsupport.MigratedSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The late parent's write on the real PostgreSQL (migrated into a schema of its own): alerts that
 * fired before their parent's are suppressed under it and linked, with a line in their history;
 * an alert already suppressed or resolved is left as it is.
 */
class LateParentSuppressionTest {

    private static final String SCHEMA = "late_parent_test";
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static Connection db;

    @BeforeAll
    static void migrate() throws SQLException {
        db = MigratedSchema.fresh(SCHEMA).connection();
        try (Statement s = db.createStatement()) {
            s.execute("INSERT INTO regions (name, code) VALUES ('Region', 'R1')");
            s.execute("INSERT INTO branches (region_id, name, code) SELECT id, 'Branch', 'B1' FROM regions");
            s.execute("INSERT INTO devices (name, ip, device_type, branch_id) SELECT 'dev-' || g, ('127.61.0.' || g)::inet, "
                    + "'ATM', (SELECT id FROM branches) FROM generate_series(1, 4) g");
            s.execute("INSERT INTO alert_rules (name, kind, scope_type) VALUES ('down', 'DEVICE_DOWN', 'ALL')");
        }
    }

    @AfterAll
    static void drop() throws SQLException {
        if (db != null) {
            try (Statement s = db.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
            db.close();
        }
    }

    private static long alert(String device, boolean suppressed, boolean resolved) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("INSERT INTO alerts (rule_id, device_id, branch_id, "
                + "region_id, subject_key, severity, state, message, triggered_at, suppressed, resolved_at) SELECT r.id, d.id, d.branch_id, "
                + "b.region_id, 'device:' || d.id, 'MAJOR', 'FIRING', 'down', now(), " + suppressed + ", "
                + (resolved ? "now()" : "NULL") + " FROM alert_rules r, devices d JOIN branches b ON b.id = d.branch_id "
                + "WHERE d.name = '" + device + "' RETURNING id")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String row(long id) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("SELECT suppressed, parent_alert_id, "
                + "(SELECT count(*) FROM alert_events e WHERE e.alert_id = a.id AND e.kind = 'COMMENTED') FROM alerts a WHERE id = " + id)) {
            rs.next();
            return rs.getBoolean(1) + "/" + rs.getObject(2) + "/" + rs.getLong(3);
        }
    }

    @Test
    void anAlertThatFiredBeforeItsParentIsSuppressedAndLinkedOnceOthersAreLeftAlone() throws SQLException {
        long parent = alert("dev-1", false, false);
        long early = alert("dev-2", false, false);
        long covered = alert("dev-3", true, false);
        long over = alert("dev-4", false, true);

        Set<Long> done = AlertStore.suppress(db, List.of(early, covered, over), List.of(parent, parent, parent), T0);
        AlertStore.appendEvents(db, done.stream().map(id -> new AlertStore.Event(id, AlertTransition.Kind.COMMENTED,
                AlertTransition.SYSTEM, "suppressed under its parent", T0)).toList());

        assertEquals(Set.of(early), done);
        assertEquals("true/" + parent + "/1", row(early), "suppressed, linked, and its history says so");
        assertEquals("true/null/0", row(covered), "already suppressed: left as it was");
        assertEquals("false/null/0", row(over), "resolved: history is not rewritten");
        assertEquals(Set.of(), AlertStore.suppress(db, List.of(early), List.of(parent), T0), "a second time changes nothing");
    }
}
