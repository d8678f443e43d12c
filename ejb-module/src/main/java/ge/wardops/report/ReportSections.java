package ge.wardops.report;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A finished report's sections as data, for the console's on-screen view and
 * {@code GET /api/v1/reports/{id}/sections}: the lines per region, branch, device group, device type
 * and device (a branch's {@code parentId} is its region, a device's its branch: the drill-down), the
 * incidents and the Top N lists. Stored with the report as JSON when it is generated, so the screen
 * shows exactly the numbers of its documents, however the samples or the inventory change later.
 *
 * @param round the probe round interval: one sample stands for this much time
 * @param mtta  mean time to acknowledge of the period's acknowledged alerts, null without any
 */
public record ReportSections(Duration round, AvailabilityRow fleet, List<AvailabilityRow> regions, List<AvailabilityRow> branches,
                             List<AvailabilityRow> groups, List<AvailabilityRow> types, List<AvailabilityRow> devices,
                             List<IncidentRow> incidents, List<TopEntry> top, Duration mtta) {

    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

    public static ReportSections of(AvailabilityReport r) {
        return new ReportSections(r.round(), r.fleet(), r.regions(), r.branches(), r.groups(), r.types(), r.devices(), r.incidents(),
                r.top(), r.mtta());
    }

    /** A region's branches, in the report's order (breaches first). */
    public List<AvailabilityRow> branchesOf(long regionId) {
        return branches.stream().filter(b -> b.parentId() != null && b.parentId() == regionId).toList();
    }

    /** A branch's devices, in the report's order (breaches first). */
    public List<AvailabilityRow> devicesOf(long branchId) {
        return devices.stream().filter(d -> d.parentId() != null && d.parentId() == branchId).toList();
    }

    public Optional<AvailabilityRow> region(long id) {
        return regions.stream().filter(r -> r.id() == id).findFirst();
    }

    public Optional<AvailabilityRow> branch(long id) {
        return branches.stream().filter(b -> b.id() == id).findFirst();
    }

    String toJson() {
        return JSON.toJson(this);
    }

    static ReportSections fromJson(String json) {
        return JSON.fromJson(json, ReportSections.class);
    }
}
