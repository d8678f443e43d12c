package ge.wardops.schema;

import ge.wardops.testsupport.MigratedSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Flyway migrations against the real PostgreSQL, in a schema of their own that each run
 * recreates: they apply cleanly, the audit log is append-only and hash-chained, and each index
 * the schema declares is what PostgreSQL uses for the query written above it.
 */
class SchemaTest {

    private static final String SCHEMA = "schema_test";
    private static Connection db;

    @BeforeAll
    static void migrateAFreshSchema() throws SQLException {
        db = MigratedSchema.fresh(SCHEMA).connection();
        try (Statement s = db.createStatement()) {
            fillLikeABank(s);
        }
    }

    /** A fleet of the size the bank plans (10,000+ devices) with history, so the planner has real statistics. */
    private static void fillLikeABank(Statement s) throws SQLException {
        s.execute("INSERT INTO regions (name, code) SELECT 'Region ' || g, 'R' || g FROM generate_series(1, 12) g");
        s.execute("INSERT INTO branches (region_id, name, code) SELECT 1 + g % 12, 'Branch ' || g, 'B' || g FROM generate_series(1, 500) g");
        s.execute("INSERT INTO devices (name, ip, device_type, vendor, branch_id, tags, down_since) "
                + "SELECT 'dev-' || g, ('127.' || (g / 65536) || '.' || (g / 256 % 256) || '.' || (g % 256))::inet, "
                + "(ARRAY['ROUTER','SWITCH','ATM','SERVER'])[1 + g % 4], (ARRAY['Cisco','Fortinet','NCR','Dell','HP','APC','Juniper','Mikrotik','Hikvision','Diebold'])[1 + g % 10], "
                + "1 + g % 500, CASE WHEN g % 100 = 7 THEN ARRAY['vip', 'atm'] ELSE ARRAY['branch'] END, "
                + "CASE WHEN g % 100 = 0 THEN now() - (g || ' seconds')::interval END FROM generate_series(1, 12000) g");
        // Device ids come in blocks of 50 (V3), so relations pick real ids rather than counting.
        s.execute("UPDATE devices d SET parent_id = p.id FROM (SELECT branch_id, min(id) AS id FROM devices GROUP BY branch_id) p "
                + "WHERE d.branch_id = p.branch_id AND d.id <> p.id");
        s.execute("INSERT INTO monitoring_items (device_id, name, oid) SELECT id, 'ifHCInOctets', '1.3.6.1.2.1.31.1.1.1.6' "
                + "FROM devices, generate_series(1, 2)");
        s.execute("INSERT INTO device_state_changes (device_id, from_state, to_state, changed_at) "
                + "SELECT id, 'UP', 'DOWN', now() - ((id + g * 7) || ' minutes')::interval FROM devices, generate_series(1, 5) g");
        s.execute("INSERT INTO alerts (device_id, subject_key, severity, state, triggered_at, resolved_at, created_at) "
                + "SELECT id, 'device:' || id || ':' || g, 'MAJOR', CASE WHEN (id + g) % 50 = 0 THEN 'FIRING' ELSE 'RESOLVED' END, "
                + "now() - ((id + g) || ' minutes')::interval, CASE WHEN (id + g) % 50 = 0 THEN NULL ELSE now() END, "
                + "now() - ((id / 50 % 400) || ' days')::interval FROM devices, generate_series(1, 3) g");
        s.execute("INSERT INTO maintenance_windows (name, scope_type, starts_at, ends_at) "
                + "SELECT 'mw ' || g, 'ALL', now() + (g || ' hours')::interval, now() + (g + 2 || ' hours')::interval FROM generate_series(1, 5000) g");
        // Rows for the planner only: their hashes are placeholders (AuditLogProtectionTest checks the chain); all zeros,
        // so each row names the head's hash as its prev_hash and takes the id it drew, which is all V12 lets in.
        s.execute("INSERT INTO audit_events (actor, action, object_type, object_id, prev_hash, hash) "
                + "SELECT 'user' || (g % 40), 'UPDATE', 'device', (g % 12000)::text, repeat('0', 64), repeat('0', 64) FROM generate_series(1, 5000) g");
        s.execute("ANALYZE");
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @Test
    void everyMigrationAppliesAndThereIsNoPingTable() throws SQLException {
        List<String> tables = strings("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + SCHEMA + "'");
        assertTrue(tables.containsAll(List.of("regions", "branches", "devices", "snmp_credentials", "monitoring_items",
                "device_state_changes", "alert_rules", "alerts", "maintenance_windows", "users", "roles", "permissions",
                "role_permissions", "user_roles", "user_regions", "audit_events")), tables.toString());
        assertTrue(tables.stream().noneMatch(t -> t.contains("ping")), "pings live in VictoriaMetrics: " + tables);
        assertEquals(List.of("admin", "auditor", "operator", "regional_manager", "viewer"), strings("SELECT name FROM roles ORDER BY name"));
    }

    @Test
    void everyTimeColumnIsTimestampWithTimeZone() throws SQLException {
        List<String> naive = strings("SELECT table_name || '.' || column_name FROM information_schema.columns WHERE table_schema = '"
                + SCHEMA + "' AND data_type = 'timestamp without time zone' AND table_name <> 'flyway_schema_history'");
        assertEquals(List.of(), naive);
    }

    @Test
    void theDatabaseRefusesToChangeAuditRowsEvenForTheirOwner() throws SQLException {
        for (String change : List.of("UPDATE audit_events SET actor = 'mallory'", "DELETE FROM audit_events", "TRUNCATE audit_events")) {
            SQLException refused = assertThrows(SQLException.class, () -> {
                try (Statement s = db.createStatement()) {
                    s.execute(change);
                }
            }, change);
            assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
        }
    }

    @Test
    void theDatabaseHoldsNoFunctionThatComputesAnAuditHash() throws SQLException {
        assertEquals(List.of(), strings("SELECT proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                + "WHERE n.nspname = '" + SCHEMA + "' AND proname IN ('audit_event_hash', 'audit_events_chain')"));
        assertEquals(List.of(), strings("SELECT tgname FROM pg_trigger WHERE tgrelid = '" + SCHEMA + ".audit_events'::regclass "
                + "AND tgname = 'audit_events_chain_insert'"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "idx_devices_enabled_vendor | SELECT id FROM devices WHERE enabled AND vendor = 'Cisco' AND deleted_at IS NULL",
            "idx_devices_branch | SELECT id FROM devices WHERE branch_id = 7 AND deleted_at IS NULL",
            "idx_devices_down_since | SELECT id FROM devices WHERE down_since IS NOT NULL ORDER BY down_since",
            "idx_devices_parent | SELECT id FROM devices WHERE parent_id = 7",
            "idx_devices_tags | SELECT id FROM devices WHERE tags @> ARRAY['vip']",
            "uq_devices_ip_live | SELECT id FROM devices WHERE ip = '127.0.0.1' AND deleted_at IS NULL",
            "uq_devices_name_live | SELECT id FROM devices WHERE lower(name) = 'br001-rtr' AND deleted_at IS NULL",
            "idx_branches_region | SELECT id FROM branches WHERE region_id = 3",
            "idx_monitoring_items_device_enabled | SELECT id FROM monitoring_items WHERE device_id = ANY('{1,2,3}') AND enabled",
            "idx_state_changes_device_time | SELECT * FROM device_state_changes WHERE device_id = 7 ORDER BY changed_at DESC LIMIT 20",
            "idx_state_changes_time | SELECT id FROM device_state_changes WHERE changed_at > now() - interval '1 hour'",
            "idx_alerts_device_resolved | SELECT id FROM alerts WHERE device_id = 51 ORDER BY resolved_at DESC NULLS FIRST LIMIT 20",
            "idx_alerts_active | SELECT id FROM alerts WHERE resolved_at IS NULL ORDER BY triggered_at DESC LIMIT 50",
            "idx_alerts_created_at | SELECT id FROM alerts WHERE created_at < now() - interval '395 days'",
            "idx_maintenance_windows_time | SELECT id FROM maintenance_windows WHERE starts_at <= now() AND ends_at > now()",
            "idx_audit_events_time | SELECT id FROM audit_events WHERE occurred_at > now() - interval '1 day' ORDER BY occurred_at DESC",
            "idx_audit_events_actor | SELECT id FROM audit_events WHERE actor = 'alice' ORDER BY occurred_at DESC",
            "idx_audit_events_object | SELECT id FROM audit_events WHERE object_type = 'device' AND object_id = '7'",
    })
    void eachIndexServesTheQueryItWasMadeFor(String index, String query) throws SQLException {
        String plan;
        db.setAutoCommit(false);
        try (Statement s = db.createStatement()) {
            // With the bank-sized data above the planner has a real choice; no planner settings are changed.
            plan = String.join("\n", strings("EXPLAIN " + query));
        } finally {
            db.rollback();
            db.setAutoCommit(true);
        }
        assertTrue(plan.contains(index), "expected " + index + " in\n" + plan);
        assertFalse(plan.contains("Seq Scan on"), plan);
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static List<String[]> rows(String sql) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                String[] row = new String[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rs.getString(i + 1);
                }
                out.add(row);
            }
        }
        return out;
    }
}
