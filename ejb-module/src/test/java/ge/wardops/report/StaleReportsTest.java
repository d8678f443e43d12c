package ge.wardops.report;

import ge.wardops.testsupport.MigratedSchema;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A report whose generation was cut off (the server restarted while it ran) does not stay RUNNING
 * forever: once it has made no progress for the stale time it is FAILED with the reason, while a
 * report still making progress and a finished one are left alone (real PostgreSQL, migrated schema).
 */
class StaleReportsTest {

    @Test
    void aReportCutOffByARestartIsFailedAfterTheStaleTimeAndARunningOneIsNot() throws Exception {
        MigratedSchema schema = MigratedSchema.fresh("report_stale");
        Connection c = schema.connection();
        Instant now = Instant.now();
        long cutOff = report(c, "RUNNING", now.minus(Duration.ofMinutes(20)));
        long running = report(c, "RUNNING", now.minus(Duration.ofMinutes(1)));
        long done = report(c, "DONE", now.minus(Duration.ofMinutes(60)));

        assertEquals(1, ReportStore.failStale(c, now.minus(Duration.ofMinutes(15))));

        assertEquals("FAILED", status(c, cutOff));
        assertTrue(error(c, cutOff).startsWith("interrupted: no progress since "), error(c, cutOff));
        assertEquals("RUNNING", status(c, running));
        assertNull(error(c, running));
        assertEquals("DONE", status(c, done));
        assertEquals(0, ReportStore.failStale(c, now.minus(Duration.ofMinutes(15))), "once is enough");
    }

    private static long report(Connection c, String status, Instant progressAt) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO reports (kind, period_from, period_to, period_label, time_zone, scope_label, "
                + "requested_by, status, expires_at, progress_percent, progress_at) VALUES ('AVAILABILITY', now() - interval '1 day', now(), "
                + "'yesterday', 'Asia/Tbilisi', 'all regions', 'admin', ?, now() + interval '1 day', 20, ?) RETURNING id")) {
            s.setString(1, status);
            s.setTimestamp(2, Timestamp.from(progressAt));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String status(Connection c, long id) throws SQLException {
        return column(c, "status", id);
    }

    private static String error(Connection c, long id) throws SQLException {
        return column(c, "error", id);
    }

    private static String column(Connection c, String column, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM reports WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
