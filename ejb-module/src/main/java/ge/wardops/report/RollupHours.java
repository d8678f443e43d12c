package ge.wardops.report;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The rollup_hour_claims table (V24): the claims that make each hour rolled up at most once, on any
 * number of nodes and after any restart (VictoriaMetrics would keep both copies of a point written
 * twice). An hour is claimed (ROLLING, ON CONFLICT DO NOTHING), then DONE when its points are
 * stored, or STALE when they may be stored in part (a failed write, a claimant that died): never
 * rolled up again. A claim whose samples could not even be read is released for the next run.
 * Whether reports may read an hour's rollups is not decided here but by the state marks stored with
 * them in VictoriaMetrics ({@link ge.wardops.metrics.PingQueries#HOUR_STATE_METRIC}). Plain JDBC on
 * the caller's connection, so tests run it against PostgreSQL.
 */
public final class RollupHours {

    private RollupHours() {
    }

    /** The hours starting in [from, to) with no row at all (never claimed), newest first, at most {@code limit}. */
    public static List<Instant> unclaimed(Connection c, Instant from, Instant to, int limit) throws SQLException {
        List<Instant> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT h FROM generate_series(?::timestamptz, ?::timestamptz, interval '1 hour') AS h"
                + " WHERE NOT EXISTS (SELECT 1 FROM rollup_hour_claims r WHERE r.hour = h) ORDER BY h DESC LIMIT ?")) {
            s.setTimestamp(1, Timestamp.from(from.truncatedTo(ChronoUnit.HOURS)));
            s.setTimestamp(2, Timestamp.from(to.minus(Duration.ofHours(1))));
            s.setInt(3, limit);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getTimestamp(1).toInstant());
                }
            }
        }
        return out;
    }

    /** Whether this caller won the hour (and must roll it up). */
    public static boolean claim(Connection c, Instant hour, String claimedBy) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO rollup_hour_claims (hour, state, claimed_by) VALUES (?, 'ROLLING', ?)"
                + " ON CONFLICT DO NOTHING")) {
            s.setTimestamp(1, Timestamp.from(hour));
            s.setString(2, claimedBy.length() > 200 ? claimedBy.substring(0, 200) : claimedBy);
            return s.executeUpdate() == 1;
        }
    }

    /** A claimed hour's points are stored; an hour marked STALE meanwhile stays STALE. */
    public static void done(Connection c, Instant hour, int devices) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE rollup_hour_claims SET state = 'DONE', devices = ?, changed_at = now()"
                + " WHERE hour = ? AND state = 'ROLLING'")) {
            s.setInt(1, devices);
            s.setTimestamp(2, Timestamp.from(hour));
            s.executeUpdate();
        }
    }

    /**
     * A claimed hour whose samples could not be read (VictoriaMetrics away): nothing of it was
     * written, so it is released and a later run claims it again.
     */
    public static void release(Connection c, Instant hour) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM rollup_hour_claims WHERE hour = ? AND state = 'ROLLING'")) {
            s.setTimestamp(1, Timestamp.from(hour));
            s.executeUpdate();
        }
    }

    /**
     * A claimed hour whose points may be partly stored (the write failed or timed out): STALE, never
     * rolled up again, since VictoriaMetrics would keep both copies of a point written twice.
     */
    public static void abandon(Connection c, Instant hour) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE rollup_hour_claims SET state = 'STALE', changed_at = now()"
                + " WHERE hour = ? AND state = 'ROLLING'")) {
            s.setTimestamp(1, Timestamp.from(hour));
            s.executeUpdate();
        }
    }

    /** Claims still ROLLING since before {@code before} (their claimant died, maybe mid-write): STALE. How many. */
    public static int abandonOld(Connection c, Instant before) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE rollup_hour_claims SET state = 'STALE', changed_at = now()"
                + " WHERE state = 'ROLLING' AND changed_at < ?")) {
            s.setTimestamp(1, Timestamp.from(before));
            return s.executeUpdate();
        }
    }
}
