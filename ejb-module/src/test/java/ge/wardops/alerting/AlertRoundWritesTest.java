package ge.wardops.alerting;

import ge.wardops.devicestate.DeviceStatus;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's round writes on the real PostgreSQL (V1-V4 migrated into a schema of its own):
 * 1,200 devices in 60 branches, six rules, 400 devices going down at once and coming back, and
 * every round's SQL statements counted on the connection: never more than
 * {@link AlertStore#MAX_STATEMENTS_PER_ROUND}, however many alerts change.
 */
class AlertRoundWritesTest {

    private static final String SCHEMA = "alert_writes_test";
    private static final int DEVICES = 1200;
    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static Connection db;
    private static AlertFleet fleet;
    private static List<CompiledRule> rules;

    @BeforeAll
    static void migrateAndFill() throws SQLException {
        String url = System.getProperty("test.db.url", "jdbc:postgresql://127.0.0.1:5432/wardops_test");
        String user = System.getProperty("test.db.user", "wardops");
        String password = System.getProperty("test.db.password", "wardops");
        db = DriverManager.getConnection(url, user, password);
        try (Statement s = db.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        Flyway.configure().dataSource(url, user, password).schemas(SCHEMA).locations("classpath:db/migration").load().migrate();
        try (Statement s = db.createStatement()) {
            s.execute("SET search_path TO " + SCHEMA);
            s.execute("INSERT INTO regions (name, code) SELECT 'Region ' || g, 'R' || g FROM generate_series(1, 6) g");
            s.execute("INSERT INTO branches (region_id, name, code) SELECT (SELECT min(id) FROM regions) + g % 6, 'Branch ' || g, 'B' || g "
                    + "FROM generate_series(1, 60) g");
            s.execute("INSERT INTO devices (name, ip, device_type, branch_id, tags) SELECT 'dev-' || g, ('127.60.' || (g / 256) || '.' || (g % 256))::inet, "
                    + "CASE WHEN g % 20 = 1 THEN 'ROUTER' ELSE 'ATM' END, (SELECT min(id) FROM branches) + (g - 1) / 20, "
                    + "CASE WHEN g % 2 = 0 THEN ARRAY['even'] ELSE ARRAY['odd'] END FROM generate_series(1, " + DEVICES + ") g");
            s.execute("UPDATE devices d SET parent_id = p.id FROM (SELECT branch_id, min(id) AS id FROM devices GROUP BY branch_id) p "
                    + "WHERE d.branch_id = p.branch_id AND d.id <> p.id");
            s.execute("INSERT INTO alert_rules (name, kind, scope_type, scope_value, expression, threshold) VALUES "
                    + "('down', 'DEVICE_DOWN', 'ALL', NULL, NULL, NULL), ('slow', 'RTT_ABOVE', 'ALL', NULL, NULL, 100), "
                    + "('lossy', 'LOSS_ABOVE', 'ALL', NULL, NULL, 20), ('even down', 'DEVICE_DOWN', 'TAG', 'even', NULL, NULL), "
                    + "('atm down', 'DEVICE_DOWN', 'DEVICE_TYPE', 'ATM', NULL, NULL), "
                    + "('branch outage', 'EXPRESSION', 'ALL', NULL, 'branch.percent(down) > 30', NULL)");
        }
        fleet = AlertFleet.of(Jdbc.list(db, AlertRows.FLEET_SELECT + " ORDER BY d.id", AlertRows::device));
        rules = Jdbc.list(db, "SELECT id, name, kind, scope_type, scope_value, expression, threshold FROM alert_rules ORDER BY id",
                rs -> new AlertRuleView(rs.getLong(1), rs.getString(2), RuleKind.valueOf(rs.getString(3)),
                        ScopeType.valueOf(rs.getString(4)), rs.getString(5), rs.getString(6), rs.getObject(7, Double.class), null, null,
                        0, Severity.WARNING, null, true, null, null, null, 0)).stream().map(RuleValidation::compile).toList();
        db.setAutoCommit(false);
    }

    @AfterAll
    static void close() throws SQLException {
        if (db != null) {
            db.rollback();
            db.setAutoCommit(true);
            try (Statement s = db.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            }
            db.close();
        }
    }

    private final Evaluator evaluator = new Evaluator();
    private final TestFacts facts = new TestFacts();
    private final Map<AlertKey, AlertSnapshot> open = new HashMap<>();
    private final FlapTracker flaps = new FlapTracker(3, Duration.ofMinutes(10));

    /** One round as the engine runs it: evaluate in memory, then write with a counted connection in one transaction. */
    private List<String> round(Instant now, Set<Long> startedFlapping) throws SQLException {
        RoundDecision d = evaluator.evaluate(rules, new Evaluator.Round(now, fleet, facts, Map.of(),
                new MaintenanceCalendar(List.of(), ZoneId.of("Asia/Tbilisi")), open, flaps, startedFlapping));
        CountingConnection counted = new CountingConnection(db);
        long[] ids = AlertStore.allocateIds(counted.connection, d.opened().size());
        AlertStore.Applied applied = AlertStore.apply(counted.connection, Evaluator.assign(d, ids, open), d);
        db.commit();
        applied.opened().forEach(a -> open.put(Snapshots.key(a), a));
        d.resolved().forEach(a -> open.remove(Snapshots.key(a)));
        d.flapStarted().forEach(a -> open.put(Snapshots.key(a), Snapshots.flapping(a, true)));
        return counted.statements;
    }

    private static long count(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void everyRoundWritesWithABoundedNumberOfStatementsWhateverTheNumberOfAlerts() throws SQLException {
        List<Long> ids = fleet.devices().stream().map(AlertDevice::id).toList();
        List<Long> down = new ArrayList<>(ids.subList(0, 400)); // branches 1-20 entirely: routers and their children
        for (long id : ids) {
            facts.set(id, down.contains(id) ? DeviceStatus.DOWN : DeviceStatus.UP);
            if (!down.contains(id)) {
                facts.rtt.put(id, id % 7 == 0 ? 180.0 : 5.0); // a device that does not answer has no RTT
            }
            facts.loss.put(id, 0.0);
        }

        List<String> first = round(T0, Set.of());
        assertTrue(first.size() <= AlertStore.MAX_STATEMENTS_PER_ROUND, first.size() + " statements: " + first);
        long expectedDown = 400;
        long expectedEven = 200;
        long expectedAtm = 400 - 20;
        long expectedSlow = ids.stream().filter(id -> id % 7 == 0 && !down.contains(id)).count();
        long expectedBranches = 20;
        long opened = expectedDown + expectedEven + expectedAtm + expectedSlow + expectedBranches;
        assertEquals(opened, count("SELECT count(*) FROM alerts WHERE resolved_at IS NULL"), "one open alert per rule and subject");
        assertEquals(opened, count("SELECT count(*) FROM alert_events WHERE kind = 'FIRING'"), "each with its history line");
        assertEquals(expectedDown + expectedEven + expectedAtm, count("SELECT count(*) FROM alerts WHERE suppressed AND parent_alert_id IS NOT NULL"),
                "branches 1-20 are down as a whole and have their branch alert: every device alert there, the routers' too, is "
                        + "suppressed and linked, for each device-down rule");
        assertEquals(0, count("SELECT count(*) FROM alerts c JOIN alerts p ON p.id = c.parent_alert_id "
                + "WHERE p.subject_key <> 'branch:' || c.branch_id"), "linked to their own branch's alert");
        assertEquals(20, count("SELECT count(*) FROM alerts WHERE subject_key LIKE 'branch:%' AND device_id IS NULL AND branch_id IS NOT NULL"));

        List<String> quiet = round(T0.plusSeconds(10), Set.of());
        assertEquals(List.of(), quiet, "nothing changed, nothing written");

        for (long id : down) {
            facts.set(id, DeviceStatus.UP);
            flaps.changed(id, T0.plusSeconds(20));
        }
        for (int i = 0; i < 3; i++) {
            flaps.changed(ids.get(0), T0.plusSeconds(21 + i));
        }
        Set<Long> started = flaps.advance(T0.plusSeconds(30));
        assertEquals(Set.of(ids.get(0)), started);
        List<String> recovery = round(T0.plusSeconds(30), started);
        assertTrue(recovery.size() <= AlertStore.MAX_STATEMENTS_PER_ROUND, recovery.size() + " statements: " + recovery);
        assertEquals(expectedSlow + 1, count("SELECT count(*) FROM alerts WHERE resolved_at IS NULL"),
                "the slow devices still fire; the flapping router's device-down alert is held open");
        assertEquals(1, count("SELECT count(*) FROM alerts WHERE flapping AND resolved_at IS NULL"));
        assertEquals(opened - expectedSlow - 1, count("SELECT count(*) FROM alerts WHERE state = 'RESOLVED' AND resolved_by = 'system'"));
        assertEquals(opened - expectedSlow - 1, count("SELECT count(*) FROM alert_events WHERE kind = 'RESOLVED'"));
        assertEquals(1, count("SELECT count(*) FROM alert_events WHERE kind = 'FLAPPING'"));
    }
}
