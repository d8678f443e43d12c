package ge.wardops.feed;

import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.fleet.DeviceStatusView;
import ge.wardops.fleet.LiveFleet;
import ge.wardops.inventory.DeviceType;
import ge.wardops.security.RegionScope;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The devices feed's snapshot: the same bytes as JSON-B writes for a {@link FeedMessages.Snapshot}, with
 * its devices array written once per probe round and scope (the fleet here is a stand-in whose join the
 * test replaces, as a round does) and never older than the join.
 */
class DevicesFeedSnapshotTest {

    private static final Instant T = Instant.parse("2026-12-07T02:00:00Z");

    private List<DeviceStatusView> join;
    private final List<RegionScope> written = new ArrayList<>();
    private final DevicesFeedHub hub = new DevicesFeedHub();

    private static DeviceStatusView device(long id, long region, DeviceStatus status, Double rtt) {
        return new DeviceStatusView(id, "atm-\"" + id + "\" Tbilisi — ბანკი", "127.0.3." + id, DeviceType.ATM, "NCR", region * 10,
                "Branch " + region, region, "Region " + region, true, status, T, rtt, rtt == null ? 100 : 0, rtt == null ? null : T);
    }

    @BeforeEach
    void wire() {
        join = List.of(device(1, 1, DeviceStatus.UP, 1.5), device(2, 2, DeviceStatus.DOWN, null), device(3, 1, DeviceStatus.UNKNOWN, null));
        hub.fleet = new LiveFleet() {
            @Override
            public List<DeviceStatusView> devices(RegionScope scope) {
                if (!scope.unrestricted()) {
                    written.add(scope);
                    return join.stream().filter(d -> scope.allows(d.regionId())).toList();
                }
                return join;
            }
        };
    }

    @Test
    void aSnapshotIsWhatJsonBWritesForTheRecord() throws Exception {
        RegionScope region1 = RegionScope.of(Set.of(1L));
        String expected = JsonbBuilder.create().toJson(new FeedMessages.Snapshot("snapshot", 42,
                join.stream().filter(d -> d.regionId() == 1).toList()));
        assertEquals(expected, FeedMessages.snapshot(42, hub.devicesJson(region1)));
        assertEquals(JsonbBuilder.create().toJson(new FeedMessages.Snapshot("snapshot", 7, join)),
                FeedMessages.snapshot(7, hub.devicesJson(RegionScope.EVERYTHING)));
    }

    @Test
    void theArrayIsWrittenOncePerRoundAndScopeAndNeverOlderThanTheJoin() {
        RegionScope region1 = RegionScope.of(Set.of(1L));
        RegionScope region2 = RegionScope.of(Set.of(2L));
        String first = hub.devicesJson(region1);
        assertEquals(first, hub.devicesJson(RegionScope.of(Set.of(1L))), "an equal scope, the same round");
        hub.devicesJson(region2);
        assertEquals(List.of(region1, region2), written, "written once per scope");

        // The next round: a new join, so the array is written again, with the new state.
        join = List.of(device(1, 1, DeviceStatus.DOWN, null), device(2, 2, DeviceStatus.DOWN, null), device(3, 1, DeviceStatus.UP, 2.0));
        String next = hub.devicesJson(region1);
        assertEquals(List.of(region1, region2, region1), written);
        assertTrue(next.contains("\"status\":\"DOWN\"") && !next.equals(first), next);

        // Many scopes (regional managers) never keep more than KEPT_SCOPES arrays: each is still right.
        for (long r = 10; r < 10 + 3L * DevicesFeedHub.KEPT_SCOPES; r++) {
            assertEquals("[]", hub.devicesJson(RegionScope.of(Set.of(r))));
        }
        assertEquals(next, hub.devicesJson(region1));
    }
}
