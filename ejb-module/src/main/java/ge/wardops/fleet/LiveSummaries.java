package ge.wardops.fleet;

import ge.wardops.history.AvailabilityService;
import ge.wardops.history.AvailabilityWindow;
import ge.wardops.security.RegionScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Branch and region summaries for an explicit scope and availability read: live device counts from
 * memory, the mean availability of each group's enabled devices. No security check of its own, as
 * {@link LiveFleet}: {@link FleetSummaries} passes its caller's scope, and the API's kept answers the
 * scope of the version their caller was given (they are rebuilt after a probe round on a pool thread,
 * which carries no caller).
 */
@ApplicationScoped
public class LiveSummaries {

    @Inject
    FleetSnapshot snapshot;

    @Inject
    LiveFleet live;

    /**
     * Every branch of {@code scope} (optionally of one region).
     *
     * @param read the availability read, null while VictoriaMetrics does not answer (a degraded answer)
     */
    public AvailabilitySummaries branches(RegionScope scope, Long regionId, AvailabilityWindow window,
                                          AvailabilityService.FleetAvailability read) {
        List<Group> groups = snapshot.branches().stream()
                .filter(b -> scope.allows(b.regionId()) && (regionId == null || b.regionId() == regionId))
                .map(b -> new Group(b.id(), b.name(), b.code(), b.regionId(), b.regionName())).toList();
        return summarize(window, read, groups, DeviceStatusView::branchId, live.devices(scope));
    }

    /** Every region of {@code scope}; {@code read} as for {@link #branches}. */
    public AvailabilitySummaries regions(RegionScope scope, AvailabilityWindow window, AvailabilityService.FleetAvailability read) {
        List<Group> groups = snapshot.regions().stream().filter(r -> scope.allows(r.id()))
                .map(r -> new Group(r.id(), r.name(), r.code(), null, null)).toList();
        return summarize(window, read, groups, DeviceStatusView::regionId, live.devices(scope));
    }

    /** One branch, known to be in the caller's scope: only its devices are looked at (no join of the whole fleet). */
    public AvailabilitySummary branch(FleetBranch b, AvailabilityWindow window, AvailabilityService.FleetAvailability read) {
        return summarize(window, read, List.of(new Group(b.id(), b.name(), b.code(), b.regionId(), b.regionName())),
                DeviceStatusView::branchId, live.devicesWhere(d -> d.branchId() == b.id())).items().get(0);
    }

    /** One region, known to be in the caller's scope, as {@link #branch}. */
    public AvailabilitySummary region(FleetRegion r, AvailabilityWindow window, AvailabilityService.FleetAvailability read) {
        return summarize(window, read, List.of(new Group(r.id(), r.name(), r.code(), null, null)),
                DeviceStatusView::regionId, live.devicesWhere(d -> d.regionId() == r.id())).items().get(0);
    }

    private record Group(long id, String name, String code, Long regionId, String regionName) {
    }

    private static AvailabilitySummaries summarize(AvailabilityWindow window, AvailabilityService.FleetAvailability read,
                                                   List<Group> groups, ToLongFunction<DeviceStatusView> groupOf,
                                                   List<DeviceStatusView> devices) {
        Map<Long, Double> byDevice = read == null ? null : read.byDevice();
        // Only the groups asked for collect members.
        Map<Long, List<DeviceStatusView>> members = new HashMap<>();
        groups.forEach(g -> members.put(g.id(), new ArrayList<>()));
        for (DeviceStatusView d : devices) {
            List<DeviceStatusView> group = members.get(groupOf.applyAsLong(d));
            if (group != null) {
                group.add(d);
            }
        }
        boolean degraded = byDevice == null;
        List<AvailabilitySummary> items = new ArrayList<>(groups.size());
        for (Group g : groups) {
            List<DeviceStatusView> in = members.getOrDefault(g.id(), List.of());
            items.add(new AvailabilitySummary(g.id(), g.name(), g.code(), g.regionId(), g.regionName(), window.label(),
                    FleetStatus.count(in), degraded ? null : mean(in, byDevice), degraded));
        }
        return new AvailabilitySummaries(window.label(), degraded, items);
    }

    /** The mean of the enabled devices' availability, over those with samples in the window. */
    private static Double mean(List<DeviceStatusView> devices, Map<Long, Double> byDevice) {
        double sum = 0;
        int n = 0;
        for (DeviceStatusView d : devices) {
            Double a = d.enabled() ? byDevice.get(d.id()) : null;
            if (a != null) {
                sum += a;
                n++;
            }
        }
        return n == 0 ? null : Math.round(sum / n * 1000) / 1000.0;
    }
}
