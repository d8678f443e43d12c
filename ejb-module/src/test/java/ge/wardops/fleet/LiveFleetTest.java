package ge.wardops.fleet;

import ge.wardops.devicestate.DeviceState;
import ge.wardops.devicestate.DeviceStates;
import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.inventory.DeviceType;
import ge.wardops.security.RegionScope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * How the live fleet reads the states (the singleton's stand-in counts its calls) and what the paged
 * list gets from it: the join reads every state in one call, never one call per device; the orders a
 * page asks for are the same as sorting the scoped fleet on each request, and follow the next round.
 */
class LiveFleetTest {

    private static final Instant T = Instant.parse("2026-12-07T02:00:00Z");

    private final List<FleetDevice> fleet = new ArrayList<>();
    private final Map<Long, DeviceState> table = new HashMap<>();
    private long version = 1;
    private int bulkCalls;
    private int singleCalls;
    private final LiveFleet live = new LiveFleet();

    @BeforeEach
    void wire() {
        Random random = new Random(7);
        for (long id = 1; id <= 500; id++) {
            long region = 1 + id % 3;
            fleet.add(new FleetDevice(id, "dev-" + random.nextInt(100), "127.1." + id / 250 + "." + id % 250, DeviceType.values()[(int) (id % 4)],
                    "Cisco", region * 10, "Branch " + region, region, "Region " + region, id % 50 != 0));
            if (id % 7 != 0) { // every seventh never probed: UNKNOWN
                table.put(id, new DeviceState(id, id % 5 == 0 ? DeviceStatus.DOWN : DeviceStatus.UP, T, id % 5 == 0 ? null
                        : (double) random.nextInt(40) / 4, id % 5 == 0 ? 100 : 0, 0, 0, T));
            }
        }
        live.snapshot = new FleetSnapshot() {
            @Override
            public List<FleetDevice> devices() {
                return fleet;
            }

            @Override
            public long generation() {
                return 1;
            }
        };
        live.states = new DeviceStates() {
            @Override
            public DeviceState get(long deviceId) {
                singleCalls++;
                return table.getOrDefault(deviceId, DeviceState.unknown(deviceId, T));
            }

            @Override
            public Map<Long, DeviceState> statesOf(Collection<Long> deviceIds) {
                bulkCalls++;
                Map<Long, DeviceState> out = new HashMap<>();
                deviceIds.forEach(id -> out.put(id, table.getOrDefault(id, DeviceState.unknown(id, T))));
                return out;
            }

            @Override
            public long version() {
                return version;
            }
        };
    }

    private static List<Long> ids(List<DeviceStatusView> devices) {
        return devices.stream().map(DeviceStatusView::id).toList();
    }

    @Test
    void theJoinReadsEveryStateInOneCallAndOnlyOncePerRound() {
        assertEquals(500, live.devices(RegionScope.EVERYTHING).size());
        live.devices(RegionScope.of(Set.of(2L)));
        live.sorted(RegionScope.EVERYTHING, LiveListQuery.of(null, null, null, null, null, 1, 10, "rtt", "asc"));
        assertEquals(1, bulkCalls, "one call for the whole fleet, kept until the states change");
        assertEquals(0, singleCalls, "never a call per device");
        assertEquals(DeviceStatus.UNKNOWN, live.devices(RegionScope.EVERYTHING).get(6).status(), "device 7 was never probed");

        version++;
        live.devices(RegionScope.EVERYTHING);
        assertEquals(2, bulkCalls, "a new round: joined again, again in one call");

        // A branch's devices while the join is stale: only theirs, in one call.
        version++;
        List<DeviceStatusView> branch = live.devicesWhere(d -> d.branchId() == 20);
        assertEquals(fleet.stream().filter(d -> d.branchId() == 20).count(), branch.size());
        assertEquals(3, bulkCalls);
        assertEquals(0, singleCalls);
    }

    @Test
    void aPageIsTheSameAsSortingTheScopedFleetOnEveryRequest() {
        for (RegionScope scope : List.of(RegionScope.EVERYTHING, RegionScope.of(Set.of(1L, 3L)), RegionScope.NOTHING)) {
            for (String sort : LiveListQuery.SORTS.keySet()) {
                for (String order : List.of("asc", "desc")) {
                    for (String status : new String[] {null, "up", "unknown"}) {
                        LiveListQuery query = LiveListQuery.of(status, null, null, null, null, 2, 40, sort, order);
                        LivePage expected = query.apply(live.devices(scope));
                        LivePage page = query.pageOf(live.sorted(scope, query));
                        assertEquals(expected.total(), page.total(), scope + " " + sort + " " + order + " " + status);
                        assertEquals(ids(expected.items()), ids(page.items()), scope + " " + sort + " " + order + " " + status);
                    }
                }
            }
        }
    }

    @Test
    void theKeptOrdersFollowTheNextRound() {
        LiveListQuery byRtt = LiveListQuery.of(null, null, null, null, null, 1, 5, "rtt", "asc");
        List<Long> before = ids(byRtt.pageOf(live.sorted(RegionScope.EVERYTHING, byRtt)).items());
        long fastest = before.get(0);
        // The next round: the fastest device becomes the slowest.
        table.put(fastest, new DeviceState(fastest, DeviceStatus.UP, T, 500.0, 0, 0, 0, T.plusSeconds(10)));
        version++;
        List<Long> after = ids(byRtt.pageOf(live.sorted(RegionScope.EVERYTHING, byRtt)).items());
        assertEquals(before.subList(1, 5), after.subList(0, 4), "the others move up");
        assertFalse(after.contains(fastest), "the new round's order: " + after);
    }
}
