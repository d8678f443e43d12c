package ge.wardops.notify;

import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.Severity;

/**
 * A route as the planner needs it: which alerts (rule or all, lowest severity, region or all)
 * go to which channel, and where an unacknowledged one escalates to.
 */
public record Route(long id, String name, Long ruleId, Severity minSeverity, Long regionId, long channelId,
                    Integer escalateAfterMinutes, Long escalationChannelId, boolean enabled) {

    public boolean matches(AlertSnapshot a) {
        return enabled
                && (ruleId == null || ruleId.equals(a.ruleId()))
                && a.severity().atLeast(minSeverity)
                && (regionId == null || regionId.equals(a.regionId()));
    }
}
