package ge.wardops.report;

import ge.wardops.report.ReportScheduleView.Cadence;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The report_schedules table (V18) and the claims of its occurrences. Callers check permissions,
 * scope and audit ({@link ReportScheduleService}); the timer ({@link ReportScheduler}) reads and claims.
 */
@Stateless
public class ReportScheduleStore {

    private static final String SELECT = "SELECT id, name, cadence, day_of_month, day_of_week, time_of_day, recipients, region_ids, owner, "
            + "enabled, created_at, version FROM report_schedules ";

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    ge.wardops.shared.SiteSettings site;

    /** A validated schedule's row. */
    record Row(String name, Cadence cadence, Integer dayOfMonth, String dayOfWeek, LocalTime time, String recipients, Set<Long> regionIds,
               String owner, boolean enabled) {
    }

    public List<ReportScheduleView> all() {
        return query(SELECT + "ORDER BY id", null);
    }

    public Optional<ReportScheduleView> find(long id) {
        return query(SELECT + "WHERE id = ?", id).stream().findFirst();
    }

    long insert(Row r) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO report_schedules (name, cadence, day_of_month, day_of_week, time_of_day, "
                    + "recipients, region_ids, owner, enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                bind(c, s, r);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Whether the row with {@code version} was changed (false: someone changed it meanwhile). */
    boolean update(long id, long version, Row r) {
        return work(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE report_schedules SET name = ?, cadence = ?, day_of_month = ?, day_of_week = ?, "
                    + "time_of_day = ?, recipients = ?, region_ids = ?, owner = ?, enabled = ?, updated_at = now(), version = version + 1 "
                    + "WHERE id = ? AND version = ?")) {
                bind(c, s, r);
                s.setLong(10, id);
                s.setLong(11, version);
                return s.executeUpdate() == 1;
            }
        });
    }

    void delete(long id) {
        work(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM report_schedules WHERE id = ?")) {
                s.setLong(1, id);
                return s.executeUpdate();
            }
        });
    }

    /** Claims an occurrence in a transaction of its own, committed before the report is generated. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean claim(long scheduleId, Instant occurrence, String node) {
        return work(c -> ScheduleClaims.claim(c, scheduleId, occurrence, node));
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(long scheduleId, Instant occurrence, Long reportId, String outcome, String detail) {
        work(c -> {
            ScheduleClaims.record(c, scheduleId, occurrence, reportId, outcome, detail);
            return null;
        });
    }

    private static void bind(Connection c, PreparedStatement s, Row r) throws SQLException {
        s.setString(1, r.name());
        s.setString(2, r.cadence().name());
        if (r.dayOfMonth() == null) {
            s.setNull(3, Types.SMALLINT);
        } else {
            s.setShort(3, r.dayOfMonth().shortValue());
        }
        s.setString(4, r.dayOfWeek());
        s.setTime(5, Time.valueOf(r.time()));
        s.setString(6, r.recipients());
        if (r.regionIds() == null) {
            s.setNull(7, Types.ARRAY);
        } else {
            s.setArray(7, c.createArrayOf("bigint", r.regionIds().stream().sorted().toArray(Long[]::new)));
        }
        s.setString(8, r.owner());
        s.setBoolean(9, r.enabled());
    }

    private List<ReportScheduleView> query(String sql, Long id) {
        java.time.ZoneId zone = site.zone();
        Instant now = Instant.now();
        return work(c -> {
            List<ReportScheduleView> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (id != null) {
                    s.setLong(1, id);
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        Array regions = rs.getArray(8);
                        List<Long> regionIds = regions == null ? null
                                : Arrays.stream((Object[]) regions.getArray()).map(o -> ((Number) o).longValue()).toList();
                        int day = rs.getInt(4);
                        Integer dayOfMonth = rs.wasNull() ? null : day;
                        ReportScheduleView v = new ReportScheduleView(rs.getLong(1), rs.getString(2), Cadence.valueOf(rs.getString(3)), dayOfMonth,
                                rs.getString(5), rs.getTime(6).toLocalTime().toString(), rs.getString(7), regionIds, rs.getString(9),
                                rs.getBoolean(10), rs.getTimestamp(11).toInstant(), null, rs.getLong(12));
                        out.add(new ReportScheduleView(v.id(), v.name(), v.cadence(), v.dayOfMonth(), v.dayOfWeek(), v.time(), v.recipients(),
                                v.regionIds(), v.owner(), v.enabled(), v.createdAt(), ScheduleCalendar.of(v, zone).next(now), v.version()));
                    }
                }
            }
            return out;
        });
    }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T work(Work<T> w) {
        return em.unwrap(Session.class).doReturningWork(w::run);
    }
}
