package ge.wardops.fleet;

import java.util.List;

/**
 * The dashboard's numbers for the caller's regions. {@code disabled} devices are counted apart
 * and in no status; {@code inMaintenance} stays 0 until maintenance windows are evaluated.
 */
public record DashboardStats(Counts totals, List<GroupCounts> byRegion, List<GroupCounts> byType,
                             List<GroupCounts> worstBranches, long activeAlerts) {

    /** How many devices are in each status. */
    public record Counts(long total, long up, long down, long unknown, long disabled, long inMaintenance) {
    }

    /** The counts of one region, device type or branch. */
    public record GroupCounts(String key, String name, Counts counts) {
    }
}
