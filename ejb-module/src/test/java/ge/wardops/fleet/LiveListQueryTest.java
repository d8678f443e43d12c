package ge.wardops.fleet;

import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.inventory.DeviceType;
import ge.wardops.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveListQueryTest {

    private static final Instant T = Instant.parse("2026-11-28T10:00:00Z");

    private static DeviceStatusView device(long id, String name, DeviceType type, long region, boolean enabled, DeviceStatus status,
                                           Double rtt) {
        return new DeviceStatusView(id, name, "127.0.0." + id, type, "Cisco", region * 10, "Branch " + region, region, "Region " + region,
                enabled, status, T, rtt, rtt == null ? 100 : 0, T);
    }

    private static final List<DeviceStatusView> FLEET = List.of(
            device(1, "b-rtr", DeviceType.ROUTER, 1, true, DeviceStatus.UP, 0.5),
            device(2, "a-sw", DeviceType.SWITCH, 1, true, DeviceStatus.DOWN, null),
            device(3, "c-atm", DeviceType.ATM, 2, true, DeviceStatus.UP, 2.0),
            device(4, "d-atm", DeviceType.ATM, 2, false, DeviceStatus.UNKNOWN, null),
            device(5, "E-rtr", DeviceType.ROUTER, 2, true, DeviceStatus.UP, 1.0));

    private static List<Long> ids(LivePage page) {
        return page.items().stream().map(DeviceStatusView::id).toList();
    }

    @Test
    void sortsByNameIgnoringCaseAndPagesWithTheTotal() {
        LivePage first = LiveListQuery.of(null, null, null, null, null, 1, 2, "name", "asc").apply(FLEET);
        LivePage third = LiveListQuery.of(null, null, null, null, null, 3, 2, "name", "asc").apply(FLEET);
        assertEquals(List.of(2L, 1L), ids(first));
        assertEquals(List.of(5L), ids(third));
        assertEquals(5, first.total());
        assertEquals(List.of(), ids(LiveListQuery.of(null, null, null, null, null, 9, 2, "name", "asc").apply(FLEET)));
    }

    @Test
    void rttSortsDevicesWithoutRttLastGoingUpAndFirstGoingDown() {
        assertEquals(List.of(1L, 5L, 3L, 2L, 4L), ids(LiveListQuery.of(null, null, null, null, null, 1, 10, "rtt", null).apply(FLEET)));
        assertEquals(List.of(2L, 4L, 3L, 5L, 1L), ids(LiveListQuery.of(null, null, null, null, null, 1, 10, "rtt", "desc").apply(FLEET)),
                "ties (no RTT) still by id going up");
    }

    @Test
    void filtersByStatusRegionTypeAndText() {
        assertEquals(List.of(1L, 3L, 5L), ids(LiveListQuery.of("UP", null, null, null, null, 1, 10, "id", null).apply(FLEET)));
        assertEquals(List.of(4L), ids(LiveListQuery.of("disabled", null, null, null, null, 1, 10, "id", null).apply(FLEET)));
        assertEquals(List.of(), ids(LiveListQuery.of("unknown", null, null, null, null, 1, 10, "id", null).apply(FLEET)),
                "a disabled device is only 'disabled'");
        assertEquals(List.of(3L, 4L), ids(LiveListQuery.of(null, 2L, null, "atm", null, 1, 10, "id", null).apply(FLEET)));
        assertEquals(List.of(1L, 5L), ids(LiveListQuery.of(null, null, null, null, "RTR", 1, 10, "id", null).apply(FLEET)));
        assertEquals(List.of(1L, 2L), ids(LiveListQuery.of(null, null, 10L, null, null, 1, 10, "id", null).apply(FLEET)));
    }

    @Test
    void statusAndTextTogether() {
        assertEquals(List.of(3L), ids(LiveListQuery.of("up", null, null, null, "C-AT", 1, 10, "id", null).apply(FLEET)));
        assertEquals(List.of(2L), ids(LiveListQuery.of("down", null, null, null, "cisco", 1, 10, "id", null).apply(FLEET)));
        assertEquals(List.of(), ids(LiveListQuery.of("disabled", null, null, null, "rtr", 1, 10, "id", null).apply(FLEET)));
    }

    @Test
    void refusesBadParametersNamingEachOne() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> LiveListQuery.of("sideways", null, null, null, null, 0, 0, "colour", null));
        assertEquals(List.of("status", "page", "size", "sort"), e.errors().stream().map(InvalidInputException.FieldError::field).toList());
        assertTrue(assertThrows(InvalidInputException.class, () -> LiveListQuery.of(null, null, null, "toaster", null, 1, 1, "id", null))
                .getMessage().contains("type"));
        assertThrows(InvalidInputException.class, () -> LiveListQuery.of(null, null, null, null, null, 1, 1001, "id", null));
        assertThrows(InvalidInputException.class, () -> LiveListQuery.of(null, null, null, null, null, 1, 10, "id", "up"));
    }
}
