package ge.wardops.report;

import java.util.Map;

/**
 * The availability each branch and region promises, SLA-adjusted, in percent: a branch's own target,
 * else its region's, else the default ({@code wardops.reports.default-slo-percent}, 99.5).
 */
public record SloTargets(double defaultPercent, Map<Long, Double> byRegion, Map<Long, Double> byBranch) {

    public static SloTargets of(double defaultPercent) {
        return new SloTargets(defaultPercent, Map.of(), Map.of());
    }

    public double forRegion(long regionId) {
        return byRegion.getOrDefault(regionId, defaultPercent);
    }

    public double forBranch(long branchId, long regionId) {
        Double own = byBranch.get(branchId);
        return own != null ? own : forRegion(regionId);
    }
}
