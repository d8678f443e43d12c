package ge.wardops.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

/**
 * The once-only guarantee of scheduled reports: an occurrence is claimed by inserting its row in
 * report_schedule_runs with ON CONFLICT DO NOTHING, and only the one insert that took a row runs
 * it; a second timer, a restarted node or another cluster member finds it taken. Plain JDBC on the
 * caller's connection, so tests run it against PostgreSQL directly.
 */
public final class ScheduleClaims {

    private ScheduleClaims() {
    }

    /** Whether this caller won the occurrence (and must run it). */
    public static boolean claim(Connection c, long scheduleId, Instant occurrence, String claimedBy) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO report_schedule_runs (schedule_id, occurrence, claimed_by) "
                + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            s.setLong(1, scheduleId);
            s.setTimestamp(2, Timestamp.from(occurrence));
            s.setString(3, claimedBy.length() > 200 ? claimedBy.substring(0, 200) : claimedBy);
            return s.executeUpdate() == 1;
        }
    }

    /** What became of a claimed occurrence. */
    public static void record(Connection c, long scheduleId, Instant occurrence, Long reportId, String outcome, String detail) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE report_schedule_runs SET report_id = ?, outcome = ?, detail = ? "
                + "WHERE schedule_id = ? AND occurrence = ?")) {
            if (reportId == null) {
                s.setNull(1, Types.BIGINT);
            } else {
                s.setLong(1, reportId);
            }
            s.setString(2, outcome);
            s.setString(3, detail == null ? null : detail.length() > 1000 ? detail.substring(0, 999) + "…" : detail);
            s.setLong(4, scheduleId);
            s.setTimestamp(5, Timestamp.from(occurrence));
            s.executeUpdate();
        }
    }
}
