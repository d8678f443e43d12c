package ge.wardops.report;

import java.time.Duration;

/**
 * One line of the availability section: a region, branch, device group, device type or device.
 * Percentages are null when nothing is known (no samples); {@code mtbf} is null without an outage,
 * {@code mttr} without an ended one.
 *
 * @param parentId     the region a branch is in, the branch a device is in (the drill-down); null for the others
 * @param rawPercent   rounds with a reply of all rounds with a sample
 * @param slaPercent   the same with every round inside a maintenance window left out
 * @param downtime     rounds without a reply times the round interval (raw)
 * @param slaDowntime  the same outside maintenance
 * @param coveragePercent time with samples of the time the devices were to be watched
 */
public record AvailabilityRow(Level level, long id, String name, String parent, Long parentId, int devices, Double rawPercent,
                              Double slaPercent, Duration downtime, Duration slaDowntime, Duration maintenance,
                              int outages, Duration longestOutage, Duration mttr, Duration mtbf, double targetPercent,
                              Double coveragePercent, Double meanRttMs, Double meanLossPercent) {

    /** What a row is about. */
    public enum Level { FLEET, REGION, BRANCH, GROUP, TYPE, DEVICE }

    /** Below its SLO target (SLA-adjusted); a row with nothing known does not breach. */
    public boolean breach() {
        return slaPercent != null && slaPercent < targetPercent;
    }
}
