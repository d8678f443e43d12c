package ge.wardops.fleet;

import ge.wardops.alerting.AlertEngine;
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

/**
 * The inventory copy joined with the in-memory states for an explicit scope. No security check of
 * its own: {@link FleetStatus} passes the caller's scope, the live feed the scope it computed at the
 * WebSocket handshake (its sends run on pool threads that carry no caller).
 */
@ApplicationScoped
public class LiveFleet {

    @Inject
    FleetSnapshot snapshot;

    @Inject
    DeviceStates states;

    @Inject
    AlertEngine maintenance;

    /** The region of each device, rebuilt only when the inventory copy is replaced. */
    private record RegionIndex(List<FleetDevice> source, Map<Long, Long> regionOf) {
    }

    private volatile RegionIndex regions;

    /** The whole fleet joined with the states of one moment, kept until either side changes. */
    private record Joined(long inventoryGeneration, long statesVersion, List<DeviceStatusView> devices) {
    }

    private volatile Joined joined;

    /**
     * Every device in {@code scope} with its status, by id. The join of inventory and states is made
     * once per probe round (or inventory change) and shared by every request until then: one state
     * lookup per device per round instead of per request.
     */
    public List<DeviceStatusView> devices(RegionScope scope) {
        List<DeviceStatusView> all = joined().devices();
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
        List<DeviceStatusView> out = new ArrayList<>(fleet.size());
        for (FleetDevice d : fleet) {
            LiveStatus s = status(d.id(), d.enabled());
            out.add(new DeviceStatusView(d.id(), d.name(), d.ip(), d.type(), d.vendor(), d.branchId(), d.branchName(),
                    d.regionId(), d.regionName(), d.enabled(), s.status(), s.since(), s.rttMs(), s.lossPercent(), s.lastProbe()));
        }
        j = new Joined(generation, version, List.copyOf(out));
        joined = j;
        return j;
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
