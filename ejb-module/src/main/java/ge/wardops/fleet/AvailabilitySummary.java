package ge.wardops.fleet;

/**
 * A branch's or region's devices by live status and its availability over a window.
 *
 * @param regionId            a branch's region; null for a region
 * @param availabilityPercent the mean of its enabled devices' availability over {@code timeRange}, from VictoriaMetrics;
 *                            null when none of them has samples in it, or when {@code degraded}
 * @param degraded            VictoriaMetrics did not answer: the counts are live, the availability is missing
 */
public record AvailabilitySummary(long id, String name, String code, Long regionId, String regionName, String timeRange,
                                  DashboardStats.Counts counts, Double availabilityPercent, boolean degraded) {
}
