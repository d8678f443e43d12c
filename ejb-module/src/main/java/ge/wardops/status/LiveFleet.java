package ge.wardops.status;

import ge.wardops.security.RegionScope;
import ge.wardops.state.DeviceStates;
import ge.wardops.state.LiveStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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

    /** The region of each device, rebuilt only when the inventory copy is replaced. */
    private record RegionIndex(List<FleetDevice> source, Map<Long, Long> regionOf) {
    }

    private volatile RegionIndex regions;

    /** Every device in {@code scope} with its status, by id. */
    public List<DeviceStatusView> devices(RegionScope scope) {
        List<DeviceStatusView> out = new ArrayList<>();
        for (FleetDevice d : snapshot.devices()) {
            if (scope.allows(d.regionId())) {
                LiveStatus s = status(d.id(), d.enabled());
                out.add(new DeviceStatusView(d.id(), d.name(), d.ip(), d.type(), d.vendor(), d.branchId(), d.branchName(),
                        d.regionId(), d.regionName(), d.enabled(), s.status(), s.since(), s.rttMs(), s.lossPercent(), s.lastProbe()));
            }
        }
        return out;
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
