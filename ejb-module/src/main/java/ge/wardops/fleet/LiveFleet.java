package ge.wardops.fleet;

import jakarta.ejb.EJB;
import ge.wardops.alerting.AlertEngine;
import ge.wardops.devicestate.DeviceState;
import ge.wardops.devicestate.DeviceStates;
import ge.wardops.devicestate.LiveStatus;
import ge.wardops.security.RegionScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The inventory copy joined with the in-memory states for an explicit scope. No security check of
 * its own: {@link FleetStatus} passes the caller's scope, the live feed the scope it computed at the
 * WebSocket handshake (its sends run on pool threads that carry no caller).
 */
@ApplicationScoped
public class LiveFleet {

    @Inject
    FleetSnapshot snapshot;

    @EJB
    DeviceStates states;

    @Inject
    AlertEngine maintenance;

    /** The region of each device, rebuilt only when the inventory copy is replaced. */
    private record RegionIndex(List<FleetDevice> source, Map<Long, Long> regionOf) {
    }

    private volatile RegionIndex regions;

    /**
     * The whole fleet joined with the states of one moment, kept until either side changes, and the
     * orders the paged list asked for, each sorted once for the join (by {@link LiveListQuery#orderKey()}).
     */
    private record Joined(long inventoryGeneration, long statesVersion, List<DeviceStatusView> devices,
                          Map<String, List<DeviceStatusView>> orders) {
    }

    private volatile Joined joined;

    /**
     * Every device in {@code scope} with its status, by id. The join of inventory and states is made
     * once per probe round (or inventory change) and shared by every request until then: one state
     * lookup per device per round instead of per request.
     */
    public List<DeviceStatusView> devices(RegionScope scope) {
        return inScope(joined().devices(), scope);
    }

    /**
     * Every device in {@code scope} with its status, in the order {@code query} asks for: the whole
     * fleet is sorted once per join and order (sorting 10,000 devices per request took most of a page
     * request's time), then narrowed to the scope, which keeps the order.
     */
    public List<DeviceStatusView> sorted(RegionScope scope, LiveListQuery query) {
        Joined j = joined();
        return inScope(j.orders().computeIfAbsent(query.orderKey(), key -> j.devices().stream().sorted(query.order()).toList()), scope);
    }

    /** The devices of {@code all} in {@code scope}, in their order. */
    private static List<DeviceStatusView> inScope(List<DeviceStatusView> all, RegionScope scope) {
        if (scope.unrestricted()) {
            return all;
        }
        List<DeviceStatusView> out = new ArrayList<>();
        for (DeviceStatusView d : all) {
            if (scope.allows(d.regionId())) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * The dashboard's numbers for {@code scope} ({@code activeAlerts}: the open alerts in it), as
     * {@link FleetStatus#stats()} gives them to its caller; no security check of its own, as above.
     */
    public DashboardStats stats(RegionScope scope, long activeAlerts) {
        return FleetStatus.stats(devices(scope), maintenance.devicesInMaintenance(Instant.now()), activeAlerts);
    }

    /**
     * The devices {@code which} picks (a branch's, a region's), with their status: from the kept join
     * when it is current, else only these devices' states are looked up, so that one group's answer
     * never waits for the join of the whole fleet after a probe round (~10,000 lookups). No scope
     * check: the caller has decided it may see the group.
     */
    public List<DeviceStatusView> devicesWhere(Predicate<FleetDevice> which) {
        long version = states.version();
        long generation = snapshot.generation();
        Joined j = joined;
        List<FleetDevice> fleet = snapshot.devices();
        List<DeviceStatusView> out = new ArrayList<>();
        if (j != null && j.statesVersion() == version && j.inventoryGeneration() == generation && j.devices().size() == fleet.size()) {
            // The join was made from this copy's devices in this order (an equal copy keeps its generation).
            for (int i = 0; i < fleet.size() && out != null; i++) {
                if (which.test(fleet.get(i))) {
                    DeviceStatusView v = j.devices().get(i);
                    if (v.id() == fleet.get(i).id()) {
                        out.add(v);
                    } else {
                        out = null;
                    }
                }
            }
            if (out != null) {
                return out;
            }
            out = new ArrayList<>();
        }
        List<FleetDevice> picked = new ArrayList<>();
        for (FleetDevice d : fleet) {
            if (which.test(d)) {
                picked.add(d);
            }
        }
        Map<Long, DeviceState> now = states.statesOf(picked.stream().map(FleetDevice::id).toList());
        for (FleetDevice d : picked) {
            out.add(view(d, now.get(d.id())));
        }
        return out;
    }

    /** Devices in the inventory copy, all regions. */
    public int size() {
        return snapshot.devices().size();
    }

    private Joined joined() {
        // Versions first: a round that lands while we build makes the next caller build again, never a stale copy kept.
        long version = states.version();
        long generation = snapshot.generation();
        Joined j = joined;
        if (j != null && j.statesVersion() == version && j.inventoryGeneration() == generation) {
            return j;
        }
        List<FleetDevice> fleet = snapshot.devices();
        // One call for every state: a call per device through the container cost 0.2–0.5 s at 10,000.
        Map<Long, DeviceState> now = states.statesOf(fleet.stream().map(FleetDevice::id).toList());
        List<DeviceStatusView> out = new ArrayList<>(fleet.size());
        for (FleetDevice d : fleet) {
            out.add(view(d, now.get(d.id())));
        }
        j = new Joined(generation, version, List.copyOf(out), new ConcurrentHashMap<>());
        joined = j;
        return j;
    }

    private static DeviceStatusView view(FleetDevice d, DeviceState state) {
        LiveStatus s = LiveStatus.of(state, d.enabled());
        return new DeviceStatusView(d.id(), d.name(), d.ip(), d.type(), d.vendor(), d.branchId(), d.branchName(),
                d.regionId(), d.regionName(), d.enabled(), s.status(), s.since(), s.rttMs(), s.lossPercent(), s.lastProbe());
    }

    /** Where one device stands now (no scope check: the caller has already decided it may see the device). */
    public LiveStatus status(long deviceId, boolean enabled) {
        return LiveStatus.of(states.get(deviceId), enabled);
    }

    /** The region of a live device, null for one not (or no longer) in the inventory. */
    public Long regionOf(long deviceId) {
        List<FleetDevice> fleet = snapshot.devices();
        RegionIndex index = regions;
        if (index == null || index.source() != fleet) {
            Map<Long, Long> map = new HashMap<>(fleet.size() * 2);
            fleet.forEach(d -> map.put(d.id(), d.regionId()));
            index = new RegionIndex(fleet, map);
            regions = index;
        }
        return index.regionOf().get(deviceId);
    }
}
