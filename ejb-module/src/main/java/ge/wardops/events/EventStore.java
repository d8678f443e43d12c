package ge.wardops.events;

import ge.wardops.alerting.Severity;
import ge.wardops.security.RegionScope;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code events} table (V15) in plain JDBC: a batch stored in two statements (its ids, then all rows unnested from arrays), the
 * scoped list, the source-address book, and the partition housekeeping through the two owner
 * functions. Works on whatever connection it is given, so the container's transaction and the
 * tests' plain connection run the same statements.
 */
public final class EventStore {

    /** A device an address belongs to. */
    public record DeviceRef(long deviceId, String name, Long regionId) {
    }

    /** Ids for a batch in one round trip; the insert then names them, so no RETURNING order is relied on. */
    private static final String IDS = "SELECT nextval('events_id_seq') FROM generate_series(1, ?)";
    /** A whole batch in one statement: one array per column, unnested into rows. */
    private static final String INSERT = "INSERT INTO events (id, received_at, source, device_id, region_id, kind, severity, name, message, fields, raw)"
            + " SELECT * FROM unnest(?::bigint[], ?::timestamptz[], ?::inet[], ?::bigint[], ?::bigint[], ?::varchar[], ?::varchar[],"
            + " ?::varchar[], ?::varchar[], ?::jsonb[], ?::text[])";

    private EventStore() {
    }

    /** Stores a batch in two round trips (ids, rows); answers the rows as stored, in the batch's order. */
    public static List<StoredEvent> insert(Connection c, List<ReceivedEvent> batch, Map<InetAddress, DeviceRef> addresses)
            throws SQLException {
        int n = batch.size();
        List<StoredEvent> out = new ArrayList<>(n);
        if (n == 0) {
            return out;
        }
        Long[] ids = new Long[n];
        try (PreparedStatement s = c.prepareStatement(IDS)) {
            s.setInt(1, n);
            try (ResultSet rs = s.executeQuery()) {
                for (int i = 0; i < n && rs.next(); i++) {
                    ids[i] = rs.getLong(1);
                }
            }
        }
        String[] at = new String[n];
        String[] source = new String[n];
        Long[] device = new Long[n];
        Long[] region = new Long[n];
        String[] kind = new String[n];
        String[] severity = new String[n];
        String[] name = new String[n];
        String[] message = new String[n];
        String[] fields = new String[n];
        String[] raw = new String[n];
        for (int i = 0; i < n; i++) {
            ReceivedEvent e = batch.get(i);
            DeviceRef d = addresses.get(e.source());
            at[i] = e.at().toString();
            source[i] = e.source().getHostAddress();
            device[i] = d == null ? null : d.deviceId();
            region[i] = d == null ? null : d.regionId();
            kind[i] = e.kind().name();
            severity[i] = e.severity().name();
            name[i] = e.name();
            message[i] = e.message();
            fields[i] = json(e.fields());
            raw[i] = e.raw();
            out.add(new StoredEvent(ids[i], e.at(), source[i], device[i], d == null ? null : d.name(), region[i], e.kind(),
                    e.severity(), e.name(), e.message(), e.fields(), e.raw()));
        }
        try (PreparedStatement s = c.prepareStatement(INSERT)) {
            s.setArray(1, c.createArrayOf("bigint", ids));
            s.setArray(2, c.createArrayOf("varchar", at));
            s.setArray(3, c.createArrayOf("varchar", source));
            s.setArray(4, c.createArrayOf("bigint", device));
            s.setArray(5, c.createArrayOf("bigint", region));
            s.setArray(6, c.createArrayOf("varchar", kind));
            s.setArray(7, c.createArrayOf("varchar", severity));
            s.setArray(8, c.createArrayOf("varchar", name));
            s.setArray(9, c.createArrayOf("varchar", message));
            s.setArray(10, c.createArrayOf("varchar", fields));
            s.setArray(11, c.createArrayOf("text", raw));
            s.executeUpdate();
        }
        return out;
    }

    /** Events as {@code scope} may see them: a regional manager sees only known devices of their regions. */
    public static List<StoredEvent> list(Connection c, EventFilter f, RegionScope scope) throws SQLException {
        if (!scope.unrestricted() && (scope.regionIds().isEmpty() || f.unknownOnly())) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT e.id, e.received_at, host(e.source), e.device_id, d.name, e.region_id, e.kind,"
                + " e.severity, e.name, e.message, e.fields::text, e.raw FROM events e LEFT JOIN devices d ON d.id = e.device_id WHERE true");
        List<Object> params = new ArrayList<>();
        if (!scope.unrestricted()) {
            sql.append(" AND e.region_id = ANY (?)");
            params.add(scope.regionIds().toArray(Long[]::new));
        }
        if (f.kind() != null) {
            sql.append(" AND e.kind = ?");
            params.add(f.kind().name());
        }
        if (f.minSeverity() != null) {
            List<String> worse = new ArrayList<>();
            for (Severity s : Severity.values()) {
                if (s.compareTo(f.minSeverity()) >= 0) {
                    worse.add(s.name());
                }
            }
            sql.append(" AND e.severity = ANY (?)");
            params.add(worse.toArray(String[]::new));
        }
        if (f.deviceId() != null) {
            sql.append(" AND e.device_id = ?");
            params.add(f.deviceId());
        }
        if (f.source() != null) {
            sql.append(" AND e.source = ?::inet");
            params.add(f.source());
        }
        if (f.name() != null) {
            sql.append(" AND e.name = ?");
            params.add(f.name());
        }
        if (f.text() != null) {
            sql.append(" AND e.message ILIKE ? ESCAPE '\\'");
            params.add("%" + f.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (f.from() != null) {
            sql.append(" AND e.received_at >= ?");
            params.add(OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC));
        }
        if (f.to() != null) {
            sql.append(" AND e.received_at < ?");
            params.add(OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
        }
        if (f.unknownOnly()) {
            sql.append(" AND e.device_id IS NULL");
        }
        if (f.beforeId() != null && f.beforeAt() != null) {
            // The list's own order (received_at DESC, id DESC): ids are not in time order across nodes and batches.
            sql.append(" AND (e.received_at, e.id) < (?, ?)");
            params.add(OffsetDateTime.ofInstant(f.beforeAt(), ZoneOffset.UTC));
            params.add(f.beforeId());
        } else if (f.beforeId() != null) {
            // Only the id: that row's time is looked up; a row already gone (retention) pages by id as before.
            sql.append(" AND ((e.received_at, e.id) < (SELECT b.received_at, b.id FROM events b WHERE b.id = ?)"
                    + " OR (NOT EXISTS (SELECT 1 FROM events b WHERE b.id = ?) AND e.id < ?))");
            params.add(f.beforeId());
            params.add(f.beforeId());
            params.add(f.beforeId());
        }
        sql.append(" ORDER BY e.received_at DESC, e.id DESC LIMIT ?");
        params.add(f.limit());
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                Object p = params.get(i);
                if (p instanceof Long[] ids) {
                    s.setArray(i + 1, c.createArrayOf("bigint", ids));
                } else if (p instanceof String[] names) {
                    s.setArray(i + 1, c.createArrayOf("varchar", names));
                } else {
                    s.setObject(i + 1, p);
                }
            }
            List<StoredEvent> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredEvent(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
                            (Long) rs.getObject(4), rs.getString(5), (Long) rs.getObject(6), EventKind.valueOf(rs.getString(7)),
                            Severity.valueOf(rs.getString(8)), rs.getString(9), rs.getString(10), fields(rs.getString(11)),
                            rs.getString(12)));
                }
            }
            return out;
        }
    }

    /** Every device address of the inventory (deleted devices left out); on a shared address the lowest id wins. */
    public static Map<InetAddress, DeviceRef> addresses(Connection c) throws SQLException {
        Map<InetAddress, DeviceRef> out = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT d.id, host(d.ip), d.name, b.region_id FROM devices d"
                + " JOIN branches b ON b.id = d.branch_id WHERE d.deleted_at IS NULL ORDER BY d.id DESC");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                try {
                    out.put(InetAddress.getByName(rs.getString(2)), new DeviceRef(rs.getLong(1), rs.getString(3), rs.getLong(4)));
                } catch (java.net.UnknownHostException e) {
                    // host() of an inet is always a literal; nothing to resolve, nothing to skip in practice.
                }
            }
        }
        return out;
    }

    /** Creates the day partitions from yesterday to {@code aheadDays} days ahead; answers how many were new. */
    public static int preparePartitions(Connection c, LocalDate today, int aheadDays) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT events_prepare_partitions(?, ?)")) {
            s.setObject(1, today.minusDays(1));
            s.setInt(2, aheadDays + 2);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Drops the day partitions wholly older than {@code retentionDays} before {@code today}; answers how many. */
    public static int dropExpired(Connection c, LocalDate today, int retentionDays) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT events_drop_partitions_before(?)")) {
            s.setObject(1, today.minusDays(retentionDays));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Looked up once: {@code Json.createObjectBuilder()} runs the provider lookup (a ServiceLoader
     * scan) on every call, which made it the most expensive step of storing an event (measured:
     * deployment/bench/traps).
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    static String json(Map<String, String> fields) {
        JsonObjectBuilder b = JSON.createObjectBuilder();
        fields.forEach(b::add);
        return b.build().toString();
    }

    static Map<String, String> fields(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        try (JsonReader r = JSON.createReader(new StringReader(json))) {
            JsonObject o = r.readObject();
            for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                out.put(e.getKey(), e.getValue() instanceof JsonString s ? s.getString() : e.getValue().toString());
            }
        }
        return out;
    }

}
