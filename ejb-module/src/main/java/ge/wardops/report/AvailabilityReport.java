package ge.wardops.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An availability / SLA report as computed, before it becomes a document: the fleet's line, the
 * lines per region, branch, device group, device type and device (breaches first), the incidents of
 * the period and the Top N lists.
 *
 * @param scope  the regions it covers, in words ("all regions" or their names)
 * @param round  the probe round interval: one sample stands for this much time
 * @param mtta   mean time to acknowledge of the period's acknowledged alerts, null without any
 */
public record AvailabilityReport(ReportPeriod period, String scope, String generatedBy, Instant generatedAt, Duration round,
                                 AvailabilityRow fleet, List<AvailabilityRow> regions, List<AvailabilityRow> branches,
                                 List<AvailabilityRow> groups, List<AvailabilityRow> types, List<AvailabilityRow> devices,
                                 List<IncidentRow> incidents, List<TopEntry> top, Duration mtta) {
}
