package ge.wardops.fleet;

import ge.wardops.devicestate.DeviceState;
import ge.wardops.devicestate.DeviceStates;
import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.inventory.DeviceService;
import ge.wardops.inventory.DeviceView;
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
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The fleet as it stands now, for the dashboard and the live device list: the inventory copy
 * joined with the in-memory states, limited to the caller's regions. No query per request.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class FleetStatus {

    private static final int WORST_BRANCHES = 10;

    @Inject
    FleetSnapshot snapshot;

    @Inject
    LiveFleet live;

    @EJB
    CallerScope caller;

    @EJB
    DeviceService inventory;

    @EJB
    DeviceStates states;

    /** One device of the caller's regions with its current status; 404 (UnknownEntityException) for any other. */
    public DeviceView device(long id) {
        DeviceView device = inventory.device(id);
        return device.withLive(live.status(id, device.enabled()));
    }

    /**
     * Refuses (404, as for an unknown id) a device that is not live or not in the caller's regions,
     * from the in-memory inventory copy: the history endpoint's check without a database round trip.
     */
    public void requireVisible(long deviceId) {
        Long region = live.regionOf(deviceId);
        if (region == null || !caller.regions().allows(region)) {
            throw new UnknownEntityException("device", deviceId);
        }
    }

    /** One page of the caller's devices with their status, filtered and sorted as asked. */
    public LivePage page(LiveListQuery query) {
        return query.pageOf(live.sorted(caller.regions(), query));
    }

    /**
     * What the caller's list and stats are made of now: equal versions give equal answers, so an
     * adapter may reuse the answer it built for an equal version (the caller's scope is part of it).
     */
    public LiveVersion version() {
        return new LiveVersion(caller.regions(), snapshot.generation(), states.version(), snapshot.activeAlerts(caller.regions()));
    }

    /** Every device in the caller's regions with its status, by id. */
    public List<DeviceStatusView> devices() {
        return live.devices(caller.regions());
    }

    /**
     * The live state of each of {@code deviceIds} (ids the caller got from a scoped query, such as a
     * page of the console's device list), by id; a device never probed is UNKNOWN.
     */
    public Map<Long, DeviceState> states(Collection<Long> deviceIds) {
        return states.statesOf(deviceIds);
    }

    public DashboardStats stats() {
        RegionScope scope = caller.regions();
        return live.stats(scope, snapshot.activeAlerts(scope));
    }

    /** The dashboard's numbers of {@code fleet}: totals, by region, by type, the worst branches. */
    static DashboardStats stats(List<DeviceStatusView> fleet, Set<Long> maintained, long activeAlerts) {
        List<DashboardStats.GroupCounts> branches = group(fleet, d -> String.valueOf(d.branchId()), DeviceStatusView::branchName, maintained);
        List<DashboardStats.GroupCounts> worst = branches.stream()
                .filter(b -> b.counts().down() > 0)
                .sorted(Comparator.comparingLong((DashboardStats.GroupCounts b) -> b.counts().down()).reversed()
                        .thenComparing(DashboardStats.GroupCounts::name))
                .limit(WORST_BRANCHES).toList();
        return new DashboardStats(count(fleet, maintained),
                group(fleet, d -> String.valueOf(d.regionId()), DeviceStatusView::regionName, maintained),
                group(fleet, d -> d.type().name(), d -> d.type().name(), maintained), worst, activeAlerts);
    }

    private static List<DashboardStats.GroupCounts> group(List<DeviceStatusView> fleet, Function<DeviceStatusView, String> key,
                                                          Function<DeviceStatusView, String> name, Set<Long> maintained) {
        Map<String, List<DeviceStatusView>> groups = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (DeviceStatusView d : fleet) {
            groups.computeIfAbsent(key.apply(d), k -> new ArrayList<>()).add(d);
            names.putIfAbsent(key.apply(d), name.apply(d));
        }
        return groups.entrySet().stream()
                .map(e -> new DashboardStats.GroupCounts(e.getKey(), names.get(e.getKey()), count(e.getValue(), maintained)))
                .sorted(Comparator.comparing(DashboardStats.GroupCounts::name))
                .toList();
    }

    static DashboardStats.Counts count(List<DeviceStatusView> devices) {
        return count(devices, Set.of());
    }

    /** The counts; {@code inMaintenance} counts the enabled devices in a maintenance window now, whatever their status. */
    static DashboardStats.Counts count(List<DeviceStatusView> devices, Set<Long> inMaintenance) {
        long maintained = 0;
        long up = 0;
        long down = 0;
        long unknown = 0;
        long disabled = 0;
        for (DeviceStatusView d : devices) {
            if (d.enabled() && inMaintenance.contains(d.id())) {
                maintained++;
            }
            if (!d.enabled()) {
                disabled++;
            } else if (d.status() == DeviceStatus.UP) {
                up++;
            } else if (d.status() == DeviceStatus.DOWN) {
                down++;
            } else {
                unknown++;
            }
        }
        return new DashboardStats.Counts(devices.size(), up, down, unknown, disabled, maintained);
    }
}
