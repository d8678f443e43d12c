package ge.wardops.fleet;

import ge.wardops.history.AvailabilityService;
import ge.wardops.history.AvailabilityWindow;
import ge.wardops.history.HistoryUnavailableException;
import ge.wardops.security.CallerScope;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.logging.Logger;

/**
 * Branch and region summaries: live device counts from memory, availability from one cached
 * fleet-wide VictoriaMetrics read per window, limited to the caller's regions. A branch or region
 * the caller may not see does not exist for it. When VictoriaMetrics is away the counts still
 * come, with no availability and {@code degraded} set.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class FleetSummaries {

    private static final Logger LOG = Logger.getLogger(FleetSummaries.class.getName());

    @Inject
    FleetSnapshot snapshot;

    @Inject
    LiveFleet live;

    @Inject
    AvailabilityService availability;

    @Inject
    CallerScope caller;

    @EJB
    FleetStatus fleet;

    /**
     * What the caller's summaries for a window are made of now: the live version (scope, inventory,
     * states) and the generation of the availability read ({@code -1} while VictoriaMetrics does not
     * answer). Equal versions give equal answers, so an adapter may reuse the answer it built for an
     * equal version. It carries the read itself for the answer built from it (one cache read per
     * request), but equality is by generation only: comparing 10,000 percentages per request is what
     * the version exists to avoid.
     */
    public record SummaryVersion(LiveVersion live, long availabilityGeneration, AvailabilityService.FleetAvailability read) {

        @Override
        public boolean equals(Object o) {
            return o instanceof SummaryVersion v && v.availabilityGeneration == availabilityGeneration && v.live.equals(live);
        }

        @Override
        public int hashCode() {
            return 31 * live.hashCode() + Long.hashCode(availabilityGeneration);
        }
    }

    public SummaryVersion version(AvailabilityWindow window) {
        AvailabilityService.FleetAvailability read = availabilityOrNull(window);
        return new SummaryVersion(fleet.version(), read == null ? -1 : read.generation(), read);
    }

    /**
     * Every branch of the caller's scope (optionally of one region), from the availability read of
     * {@code version} (a version of this caller's, from {@link #version}; no second cache read).
     */
    public AvailabilitySummaries branches(Long regionId, AvailabilityWindow window, SummaryVersion version) {
        RegionScope scope = caller.regions();
        List<FleetBranch> branches = snapshot.branches().stream()
                .filter(b -> scope.allows(b.regionId()) && (regionId == null || b.regionId() == regionId)).toList();
        return summarize(scope, window, version.read(), DeviceStatusView::branchId, branches.stream()
                .map(b -> new Group(b.id(), b.name(), b.code(), b.regionId(), b.regionName())).toList());
    }

    public AvailabilitySummary branch(long id, AvailabilityWindow window) {
        RegionScope scope = caller.regions();
        FleetBranch b = snapshot.branches().stream().filter(x -> x.id() == id && scope.allows(x.regionId())).findFirst()
                .orElseThrow(() -> new UnknownEntityException("branch", id));
        return only(summarize(scope, window, availabilityOrNull(window), DeviceStatusView::branchId,
                List.of(new Group(b.id(), b.name(), b.code(), b.regionId(), b.regionName()))));
    }

    /** Every region of the caller's scope, from the availability read of {@code version} (as for {@link #branches}). */
    public AvailabilitySummaries regions(AvailabilityWindow window, SummaryVersion version) {
        RegionScope scope = caller.regions();
        return summarize(scope, window, version.read(), DeviceStatusView::regionId, snapshot.regions().stream()
                .filter(r -> scope.allows(r.id())).map(r -> new Group(r.id(), r.name(), r.code(), null, null)).toList());
    }

    public AvailabilitySummary region(long id, AvailabilityWindow window) {
        RegionScope scope = caller.regions();
        FleetRegion r = snapshot.regions().stream().filter(x -> x.id() == id && scope.allows(x.id())).findFirst()
                .orElseThrow(() -> new UnknownEntityException("region", id));
        return only(summarize(scope, window, availabilityOrNull(window), DeviceStatusView::regionId,
                List.of(new Group(r.id(), r.name(), r.code(), null, null))));
    }

    private record Group(long id, String name, String code, Long regionId, String regionName) {
    }

    /** @param read the availability read, null while VictoriaMetrics does not answer (a degraded answer) */
    private AvailabilitySummaries summarize(RegionScope scope, AvailabilityWindow window, AvailabilityService.FleetAvailability read,
                                            ToLongFunction<DeviceStatusView> groupOf, List<Group> groups) {
        Map<Long, Double> byDevice = read == null ? null : read.byDevice();
        // Only the groups asked for collect members (one branch's summary does not group the whole fleet).
        Map<Long, List<DeviceStatusView>> members = new HashMap<>();
        groups.forEach(g -> members.put(g.id(), new ArrayList<>()));
        for (DeviceStatusView d : live.devices(scope)) {
            List<DeviceStatusView> group = members.get(groupOf.applyAsLong(d));
            if (group != null) {
                group.add(d);
            }
        }
        boolean degraded = byDevice == null;
        List<AvailabilitySummary> items = new ArrayList<>(groups.size());
        for (Group g : groups) {
            List<DeviceStatusView> devices = members.getOrDefault(g.id(), List.of());
            items.add(new AvailabilitySummary(g.id(), g.name(), g.code(), g.regionId(), g.regionName(), window.label(),
                    FleetStatus.count(devices), degraded ? null : mean(devices, byDevice), degraded));
        }
        return new AvailabilitySummaries(window.label(), degraded, items);
    }

    private AvailabilityService.FleetAvailability availabilityOrNull(AvailabilityWindow window) {
        try {
            return availability.fleet(window);
        } catch (HistoryUnavailableException e) {
            LOG.fine(() -> "availability unavailable, answering degraded: " + e.getCause());
            return null;
        }
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

    private static AvailabilitySummary only(AvailabilitySummaries summaries) {
        return summaries.items().get(0);
    }
}
