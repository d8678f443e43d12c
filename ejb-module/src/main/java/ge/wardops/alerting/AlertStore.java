package ge.wardops.alerting;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a round's decision with a fixed number of SQL statements whatever the number of alerts:
 * each kind of change is one statement over arrays ({@code unnest}), never one per alert. At most
 * {@link #MAX_STATEMENTS_PER_ROUND}: allocate ids, insert alerts, resolve, mark flapping, unmark,
 * append history. Plain JDBC on the caller's connection and transaction.
 */
public final class AlertStore {

    public static final int MAX_STATEMENTS_PER_ROUND = 6;

    /** One line of an alert's history (alert_events). */
    public record Event(long alertId, AlertTransition.Kind kind, String actor, String comment, Instant at) {
    }

    /** What really changed: inserts lost to a concurrent writer and alerts already resolved are left out. */
    public record Applied(List<AlertSnapshot> opened, Set<Long> resolved, Set<Long> flapStarted, Set<Long> flapEnded) {
    }

    private AlertStore() {
    }

    public static long[] allocateIds(Connection c, int n) throws SQLException {
        long[] ids = new long[n];
        if (n == 0) {
            return ids;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT nextval('alerts_id_seq') FROM generate_series(1, ?)")) {
            s.setInt(1, n);
            try (ResultSet rs = s.executeQuery()) {
                for (int i = 0; i < n && rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        return ids;
    }

    /** Writes everything of one round (ids of {@code opened} already allocated). */
    public static Applied apply(Connection c, List<AlertSnapshot> opened, RoundDecision decision) throws SQLException {
        Instant at = decision.at();
        List<AlertSnapshot> inserted = insert(c, opened);
        Set<Long> resolved = resolve(c, decision.resolved().stream().map(AlertSnapshot::id).toList(), at, AlertTransition.SYSTEM);
        Set<Long> flapOn = flag(c, decision.flapStarted().stream().map(AlertSnapshot::id).toList(), true, at);
        Set<Long> flapOff = flag(c, decision.flapEnded().stream().map(AlertSnapshot::id).toList(), false, at);
        List<Event> events = new ArrayList<>();
        inserted.forEach(a -> events.add(new Event(a.id(), AlertTransition.Kind.FIRING, AlertTransition.SYSTEM, null, at)));
        resolved.forEach(id -> events.add(new Event(id, AlertTransition.Kind.RESOLVED, AlertTransition.SYSTEM, "condition cleared", at)));
        flapOn.forEach(id -> events.add(new Event(id, AlertTransition.Kind.FLAPPING, AlertTransition.SYSTEM, null, at)));
        appendEvents(c, events);
        return new Applied(inserted, resolved, flapOn, flapOff);
    }

    static List<AlertSnapshot> insert(Connection c, List<AlertSnapshot> alerts) throws SQLException {
        if (alerts.isEmpty()) {
            return List.of();
        }
        int n = alerts.size();
        Long[] id = new Long[n];
        Long[] rule = new Long[n];
        Long[] device = new Long[n];
        Long[] branch = new Long[n];
        Long[] region = new Long[n];
        Long[] parent = new Long[n];
        String[] subject = new String[n];
        String[] severity = new String[n];
        String[] message = new String[n];
        String[] triggered = new String[n];
        Boolean[] suppressed = new Boolean[n];
        Boolean[] maintenance = new Boolean[n];
        Boolean[] flapping = new Boolean[n];
        for (int i = 0; i < n; i++) {
            AlertSnapshot a = alerts.get(i);
            id[i] = a.id();
            rule[i] = a.ruleId();
            device[i] = a.deviceId();
            branch[i] = a.branchId();
            region[i] = a.regionId();
            parent[i] = a.parentAlertId();
            subject[i] = a.subjectKey();
            severity[i] = a.severity().name();
            message[i] = a.message();
            triggered[i] = a.triggeredAt().toString();
            suppressed[i] = a.suppressed();
            maintenance[i] = a.inMaintenance();
            flapping[i] = a.flapping();
        }
        // Timestamps travel as ISO-8601 text (with Z), so no session time zone can shift them.
        // Parents come first in the array when they are new too (the FK is checked per row at the end
        // of the statement anyway); ON CONFLICT keeps de-duplication safe against a second writer.
        String sql = "INSERT INTO alerts (id, rule_id, device_id, branch_id, region_id, parent_alert_id, subject_key, severity, state, message, "
                + "triggered_at, suppressed, in_maintenance, flapping) "
                + "SELECT v.id, v.rule_id, v.device_id, v.branch_id, v.region_id, v.parent_id, v.subject, v.severity, 'FIRING', v.message, v.triggered, "
                + "v.suppressed, v.maintenance, v.flapping FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], "
                + "?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::boolean[], ?::boolean[], ?::boolean[]) "
                + "AS v(id, rule_id, device_id, branch_id, region_id, parent_id, subject, severity, message, triggered, suppressed, maintenance, flapping) "
                + "ON CONFLICT (rule_id, subject_key) WHERE resolved_at IS NULL DO NOTHING RETURNING id";
        Set<Long> done = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            Object[][] columns = {id, rule, device, branch, region, parent, subject, severity, message, triggered, suppressed,
                    maintenance, flapping};
            String[] types = {"bigint", "bigint", "bigint", "bigint", "bigint", "bigint", "text", "text", "text", "text",
                    "boolean", "boolean", "boolean"};
            for (int i = 0; i < columns.length; i++) {
                s.setArray(i + 1, c.createArrayOf(types[i], columns[i]));
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    done.add(rs.getLong(1));
                }
            }
        }
        return alerts.stream().filter(a -> done.contains(a.id())).toList();
    }

    /** Resolves the still open ones among {@code ids}; answers those it resolved. */
    public static Set<Long> resolve(Connection c, List<Long> ids, Instant at, String actor) throws SQLException {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return ids(c, "UPDATE alerts a SET state = 'RESOLVED', resolved_at = ?, resolved_by = ?, updated_at = ? "
                + "FROM unnest(?::bigint[]) AS v(id) WHERE a.id = v.id AND a.resolved_at IS NULL RETURNING a.id", ids, at, actor);
    }

    /** Counts one more occurrence on the open alert {@code id}; false if it is closed meanwhile. */
    static boolean repeat(Connection c, long id, Instant at) throws SQLException {
        try (java.sql.PreparedStatement s = c.prepareStatement("UPDATE alerts SET repeat_count = repeat_count + 1, "
                + "last_seen_at = greatest(coalesce(last_seen_at, ?), ?) WHERE id = ? AND resolved_at IS NULL")) {
            Jdbc.bind(c, s, at, at, id);
            return s.executeUpdate() == 1;
        }
    }

    /** Suppresses the open, unsuppressed alerts among {@code ids}, each under the parent at its index; answers those changed. */
    static Set<Long> suppress(Connection c, List<Long> ids, List<Long> parents, Instant at) throws SQLException {
        Set<Long> out = new HashSet<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement s = c.prepareStatement("UPDATE alerts a SET suppressed = true, parent_alert_id = v.parent, updated_at = ? "
                + "FROM unnest(?::bigint[], ?::bigint[]) AS v(id, parent) "
                + "WHERE a.id = v.id AND a.resolved_at IS NULL AND NOT a.suppressed RETURNING a.id")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setArray(2, c.createArrayOf("bigint", ids.toArray(new Long[0])));
            s.setArray(3, c.createArrayOf("bigint", parents.toArray(new Long[0])));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    static Set<Long> flag(Connection c, List<Long> ids, boolean flapping, Instant at) throws SQLException {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return ids(c, "UPDATE alerts a SET flapping = " + flapping + ", updated_at = ? FROM unnest(?::bigint[]) AS v(id) "
                + "WHERE a.id = v.id AND a.resolved_at IS NULL RETURNING a.id", ids, at, null);
    }

    private static Set<Long> ids(Connection c, String sql, List<Long> ids, Instant at, String actor) throws SQLException {
        Set<Long> out = new HashSet<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int p = 1;
            s.setTimestamp(p++, Timestamp.from(at));
            if (actor != null) {
                s.setString(p++, actor);
                s.setTimestamp(p++, Timestamp.from(at));
            }
            Array array = c.createArrayOf("bigint", ids.toArray(new Long[0]));
            s.setArray(p, array);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    public static void appendEvents(Connection c, List<Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        int n = events.size();
        Long[] alert = new Long[n];
        String[] kind = new String[n];
        String[] actor = new String[n];
        String[] comment = new String[n];
        String[] at = new String[n];
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            alert[i] = e.alertId();
            kind[i] = e.kind().name();
            actor[i] = e.actor();
            comment[i] = e.comment();
            at[i] = e.at().toString();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_events (alert_id, kind, actor, comment, at) "
                + "SELECT * FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])")) {
            s.setArray(1, c.createArrayOf("bigint", alert));
            s.setArray(2, c.createArrayOf("text", kind));
            s.setArray(3, c.createArrayOf("text", actor));
            s.setArray(4, c.createArrayOf("text", comment));
            s.setArray(5, c.createArrayOf("text", at));
            s.executeUpdate();
        }
    }
}
