package ge.wardops.alerting;

import ge.wardops.inventory.DeviceType;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** The SELECTs of alerts and the fleet (the round's plain JDBC), and how a row becomes a record: one place for each. */
final class AlertRows {

    /** An alert with the names its snapshot carries; append WHERE / ORDER BY. */
    static final String ALERT_SELECT = "SELECT a.id, a.rule_id, ru.name, a.subject_key, coalesce(d.name, b.name, rg.name, a.subject_key), "
            + "a.device_id, a.branch_id, b.name, a.region_id, rg.name, a.severity, a.state, a.message, a.triggered_at, "
            + "a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.suppressed, a.parent_alert_id, a.in_maintenance, a.flapping, "
            + "a.repeat_count, a.last_seen_at "
            + "FROM alerts a LEFT JOIN alert_rules ru ON ru.id = a.rule_id LEFT JOIN devices d ON d.id = a.device_id "
            + "LEFT JOIN branches b ON b.id = a.branch_id LEFT JOIN regions rg ON rg.id = a.region_id ";

    static final String FLEET_SELECT = "SELECT d.id, d.name, host(d.ip), d.device_type, b.id, b.name, r.id, r.name, d.parent_id, d.tags, "
            + "d.enabled, (SELECT array_agg(m.group_id) FROM device_group_members m WHERE m.device_id = d.id) "
            + "FROM devices d JOIN branches b ON b.id = d.branch_id JOIN regions r ON r.id = b.region_id WHERE d.deleted_at IS NULL";

    private AlertRows() {
    }

    static AlertSnapshot alert(ResultSet rs) throws SQLException {
        return new AlertSnapshot(rs.getLong(1), nullableLong(rs, 2), rs.getString(3), rs.getString(4), rs.getString(5),
                nullableLong(rs, 6), nullableLong(rs, 7), rs.getString(8), nullableLong(rs, 9), rs.getString(10), Severity.valueOf(rs.getString(11)),
                AlertState.valueOf(rs.getString(12)), rs.getString(13), instant(rs, 14), instant(rs, 15), rs.getString(16), instant(rs, 17),
                rs.getBoolean(18), nullableLong(rs, 19), rs.getBoolean(20), rs.getBoolean(21),
                rs.getInt(22), instant(rs, 23));
    }

    static AlertDevice device(ResultSet rs) throws SQLException {
        Set<String> tags = new HashSet<>();
        Array t = rs.getArray(10);
        if (t != null) {
            for (Object o : (Object[]) t.getArray()) {
                tags.add((String) o);
            }
        }
        Set<Long> groups = new HashSet<>();
        Array g = rs.getArray(12);
        if (g != null) {
            for (Object o : (Object[]) g.getArray()) {
                groups.add(((Number) o).longValue());
            }
        }
        return new AlertDevice(rs.getLong(1), rs.getString(2), rs.getString(3), DeviceType.valueOf(rs.getString(4)), rs.getLong(5),
                rs.getString(6), rs.getLong(7), rs.getString(8), nullableLong(rs, 9), Set.copyOf(tags), Set.copyOf(groups),
                rs.getBoolean(11));
    }

    static Long nullableLong(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : v;
    }

    static Instant instant(ResultSet rs, int i) throws SQLException {
        Timestamp t = rs.getTimestamp(i);
        return t == null ? null : t.toInstant();
    }
}
