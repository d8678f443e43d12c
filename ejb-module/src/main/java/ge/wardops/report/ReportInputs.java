package ge.wardops.report;

import ge.wardops.alerting.AlertDevice;
import ge.wardops.alerting.PastAlert;
import ge.wardops.alerting.MaintenanceCalendar;
import ge.wardops.devicestate.DeviceStateChanged;
import ge.wardops.devicestate.DeviceStatus;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a report is computed from besides the samples, already cut to the caller's regions:
 * the devices, the names of their groups, the maintenance runs of the period, each device's status
 * when the period began and its recorded changes in it (oldest first), the alerts, the SLO targets.
 */
public record ReportInputs(ReportPeriod period, Duration round, String scope, List<AlertDevice> devices,
                           Map<Long, String> groupNames, List<MaintenanceCalendar.Occurrence> maintenance,
                           Map<Long, DeviceStatus> statusAtStart, List<DeviceStateChanged> changes,
                           List<PastAlert> alerts, SloTargets targets, int topN) {
}
