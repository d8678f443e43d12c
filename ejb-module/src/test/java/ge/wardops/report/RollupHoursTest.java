package ge.wardops.report;

import ge.wardops.testsupport.MigratedSchema;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rollup claims against PostgreSQL, as the application's runtime role: an hour is claimed once,
 * done only from its claim, stale for good after a write that may have been partly stored or a
 * claimant that died, released only when nothing of it was written.
 */
class RollupHoursTest {

    static final Instant H0 = Instant.parse("2026-11-01T00:00:00Z");

    static Instant h(int n) {
        return H0.plus(Duration.ofHours(n));
    }

    @Test
    void anHourIsClaimedOnceAndNeverRolledUpTwice() throws Exception {
        MigratedSchema schema = MigratedSchema.fresh("rollup_hours");
        try (Connection c = schema.runtimeConnection()) {
            assertEquals(List.of(h(3), h(2), h(1), h(0)), RollupHours.unclaimed(c, h(0), h(4), 10), "newest first");
            assertEquals(List.of(h(3), h(2)), RollupHours.unclaimed(c, h(0), h(4), 2));

            assertTrue(RollupHours.claim(c, h(0), "node-a"));
            assertFalse(RollupHours.claim(c, h(0), "node-b"), "claimed once");
            assertTrue(RollupHours.claim(c, h(1), "node-a"));
            assertTrue(RollupHours.claim(c, h(2), "node-a"));
            assertTrue(RollupHours.claim(c, h(3), "node-a"));
            assertEquals(List.of(), RollupHours.unclaimed(c, h(0), h(4), 10));

            RollupHours.done(c, h(0), 875);
            RollupHours.release(c, h(1)); // its samples could not be read: nothing written
            RollupHours.abandon(c, h(2)); // its write failed: maybe partly stored
            assertEquals(List.of(h(1)), RollupHours.unclaimed(c, h(0), h(4), 10), "a released hour is claimed again; a stale one never");
            RollupHours.done(c, h(2), 875);
            assertEquals(Map.of(h(0), "DONE", h(2), "STALE", h(3), "ROLLING"), states(c), "done only from a claim: stale stays stale");
            RollupHours.release(c, h(0));
            assertEquals("DONE", states(c).get(h(0)), "only a claim is released, never a done hour");

            // A claimant that died mid-write leaves ROLLING behind: an hour later it is stale, never rolled again.
            assertEquals(0, RollupHours.abandonOld(c, Instant.now().minus(Duration.ofHours(1))));
            assertEquals(1, RollupHours.abandonOld(c, Instant.now().plusSeconds(1)));
            assertEquals("STALE", states(c).get(h(3)));
            assertEquals(List.of(h(4), h(1)), RollupHours.unclaimed(c, h(0), h(5), 10));
        }
    }

    private static Map<Instant, String> states(Connection c) throws SQLException {
        Map<Instant, String> out = new java.util.HashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT hour, state FROM rollup_hour_claims")) {
            while (rs.next()) {
                out.put(rs.getTimestamp(1).toInstant(), rs.getString(2));
            }
        }
        return out;
    }

    @Test
    void onlyWholeHoursAndKnownStatesAreStored() throws Exception {
        MigratedSchema schema = MigratedSchema.fresh("rollup_hours_checks");
        try (Connection c = schema.runtimeConnection()) {
            assertThrows(SQLException.class, () -> RollupHours.claim(c, h(1).plusSeconds(1), "node-a"));
            try (Statement s = c.createStatement()) {
                assertThrows(SQLException.class, () -> s.executeUpdate(
                        "INSERT INTO rollup_hour_claims (hour, state, claimed_by) VALUES ('2026-11-01T05:00:00Z', 'FORGED', 'x')"));
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM rollup_hour_claims")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }
}
