package ge.wardops.report;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The reports table and their documents (V17, progress and sections V23). Starting, progressing,
 * finishing and failing a report each commit on their own, so a running report and how far it got
 * are visible to the status endpoint and a failure is recorded even though the generation's own
 * work is rolled back. Callers check permissions and scope; this class only stores.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ReportStore {

    private static final String SELECT = "SELECT r.id, r.kind, r.period_label, r.period_from, r.period_to, r.time_zone, r.region_ids, "
            + "r.scope_label, r.requested_by, r.schedule_id, r.status, r.error, r.created_at, r.finished_at, r.expires_at, "
            + "(SELECT array_agg(d.format ORDER BY d.format) FROM report_documents d WHERE d.report_id = r.id), "
            + "r.progress_percent, r.progress_step FROM reports r ";

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    /** A new RUNNING report; its id. {@code regionIds} null: every region. */
    public long start(ReportKind kind, ReportPeriod period, Set<Long> regionIds, String scope, String requestedBy, Long scheduleId,
                      Instant expiresAt) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO reports (kind, period_from, period_to, period_label, time_zone, "
                    + "region_ids, scope_label, requested_by, schedule_id, status, expires_at, progress_step) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', ?, 'queued') RETURNING id")) {
                s.setString(1, kind.name());
                s.setTimestamp(2, Timestamp.from(period.from()));
                s.setTimestamp(3, Timestamp.from(period.to()));
                s.setString(4, period.label());
                s.setString(5, period.zone().getId());
                if (regionIds == null) {
                    s.setNull(6, Types.ARRAY);
                } else {
                    s.setArray(6, c.createArrayOf("bigint", regionIds.stream().sorted().toArray(Long[]::new)));
                }
                s.setString(7, scope.length() > 300 ? scope.substring(0, 299) + "…" : scope);
                s.setString(8, requestedBy);
                if (scheduleId == null) {
                    s.setNull(9, Types.BIGINT);
                } else {
                    s.setLong(9, scheduleId);
                }
                s.setTimestamp(10, Timestamp.from(expiresAt));
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** How far a RUNNING report got; also its sign of life for {@link #failStale}. */
    public void progress(long id, int percent, String step) {
        work(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE reports SET progress_percent = ?, progress_step = ?, progress_at = now() "
                    + "WHERE id = ? AND status = 'RUNNING'")) {
                s.setInt(1, Math.max(0, Math.min(100, percent)));
                s.setString(2, step == null || step.length() <= 60 ? step : step.substring(0, 60));
                s.setLong(3, id);
                return s.executeUpdate();
            }
        });
    }

    /** Stores the documents and the sections (JSON) and marks the report DONE. */
    public void finish(long id, Map<ReportFormat, byte[]> documents, ReportSections sections) {
        String json = sections.toJson();
        work(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO report_documents (report_id, format, content) VALUES (?, ?, ?)")) {
                for (Map.Entry<ReportFormat, byte[]> d : documents.entrySet()) {
                    s.setLong(1, id);
                    s.setString(2, d.getKey().name());
                    s.setBytes(3, d.getValue());
                    s.addBatch();
                }
                s.executeBatch();
            }
            // Also after failStale gave up on it: a report that did finish is better DONE than lost.
            try (PreparedStatement s = c.prepareStatement("UPDATE reports SET status = 'DONE', error = NULL, finished_at = now(), "
                    + "progress_percent = 100, progress_step = NULL, progress_at = now(), sections = CAST(? AS jsonb) WHERE id = ?")) {
                s.setString(1, json);
                s.setLong(2, id);
                return s.executeUpdate();
            }
        });
    }

    public void fail(long id, String error) {
        work(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE reports SET status = 'FAILED', error = ?, finished_at = now(), "
                    + "progress_step = NULL WHERE id = ?")) {
                s.setString(1, error == null ? "failed" : error.length() > 1000 ? error.substring(0, 999) + "…" : error);
                s.setLong(2, id);
                return s.executeUpdate();
            }
        });
    }

    /**
     * Marks FAILED every RUNNING report without progress since {@code before}: its generation was cut
     * off (the server restarted, or it hung). How many.
     */
    public int failStale(Instant before) {
        return work(c -> failStale(c, before));
    }

    /** Plain JDBC on the caller's connection, so a test runs it against PostgreSQL directly. */
    static int failStale(Connection c, Instant before) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE reports SET status = 'FAILED', finished_at = now(), progress_step = NULL, "
                + "error = 'interrupted: no progress since ' || to_char(progress_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') "
                + "|| ' (the server was restarted or the generation hung); generate it again' "
                + "WHERE status = 'RUNNING' AND progress_at < ?")) {
            s.setTimestamp(1, Timestamp.from(before));
            return s.executeUpdate();
        }
    }

    /** A DONE report's sections; empty for one generated before V23 kept them. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<ReportSections> sections(long id) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT sections::text FROM reports WHERE id = ?")) {
                s.setLong(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() && rs.getString(1) != null ? Optional.of(ReportSections.fromJson(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<ReportView> find(long id) {
        List<ReportView> found = query(SELECT + "WHERE r.id = ?", id);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The newest reports first, at most {@code limit}. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ReportView> newest(int limit) {
        return query(SELECT + "ORDER BY r.created_at DESC, r.id DESC LIMIT ?", (long) limit);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<byte[]> document(long id, ReportFormat format) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT content FROM report_documents WHERE report_id = ? AND format = ?")) {
                s.setLong(1, id);
                s.setString(2, format.name());
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    /** Deletes the reports (and documents) whose retention ended before {@code now}; how many. */
    public int deleteExpired(Instant now) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM reports WHERE expires_at < ?")) {
                s.setTimestamp(1, Timestamp.from(now));
                return s.executeUpdate();
            }
        });
    }

    private List<ReportView> query(String sql, long parameter) {
        return work(c -> {
            List<ReportView> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                s.setLong(1, parameter);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        out.add(view(rs));
                    }
                }
            }
            return out;
        });
    }

    private static ReportView view(ResultSet rs) throws SQLException {
        Array regions = rs.getArray(7);
        List<Long> regionIds = regions == null ? null : Arrays.stream((Object[]) regions.getArray()).map(o -> ((Number) o).longValue()).toList();
        Array formats = rs.getArray(16);
        List<ReportFormat> ready = formats == null ? List.of() : Arrays.stream((Object[]) formats.getArray()).map(o -> ReportFormat.valueOf(o.toString())).toList();
        long schedule = rs.getLong(10);
        Long scheduleId = rs.wasNull() ? null : schedule;
        return new ReportView(rs.getLong(1), ReportKind.valueOf(rs.getString(2)), rs.getString(3), instant(rs, 4), instant(rs, 5), rs.getString(6),
                regionIds, rs.getString(8), rs.getString(9), scheduleId, ReportStatus.valueOf(rs.getString(11)), rs.getString(12),
                instant(rs, 13), instant(rs, 14), instant(rs, 15), ready, rs.getInt(17), rs.getString(18));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T work(Work<T> w) {
        return em.unwrap(Session.class).doReturningWork(w::run);
    }
}
