package ge.wardops.probe;

import ge.wardops.probe.snmp.CounterRates;
import ge.wardops.probe.snmp.SnmpItem;
import ge.wardops.probe.snmp.SnmpPollResult;
import ge.wardops.probe.snmp.SnmpReading;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class LatestSnmpValuesTest {

    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void anInterfaceAnAdministratorShutDownIsNotDownForRules() {
        LatestSnmpValues latest = new LatestSnmpValues();
        latest.update(new SnmpPollResult(7, AT, OptionalLong.of(100), List.of(
                new SnmpReading("ifAdminStatus", "1", SnmpItem.Kind.STATUS, 1, null, null),
                new SnmpReading("ifAdminStatus", "2", SnmpItem.Kind.STATUS, 2, null, null),
                new SnmpReading("ifAdminStatus", "3", SnmpItem.Kind.STATUS, 1, null, null),
                new SnmpReading("ifOperStatus", "1", SnmpItem.Kind.STATUS, 1, null, null),
                new SnmpReading("ifOperStatus", "2", SnmpItem.Kind.STATUS, 2, null, null),
                new SnmpReading("ifOperStatus", "3", SnmpItem.Kind.STATUS, 2, null, null)), null, null),
                List.of());
        assertArrayEquals(new double[] {1, 2}, latest.values(7, "ifOperStatus"), "interface 2 is shut down, interface 3 is really down");
        assertArrayEquals(new double[] {1, 2, 1}, latest.values(7, "ifAdminStatus"));
    }

    @Test
    void gaugesAndStatusesAsReadCountersAsRatesOnePerInterface() {
        LatestSnmpValues latest = new LatestSnmpValues();
        latest.update(new SnmpPollResult(7, AT, OptionalLong.of(100), List.of(
                new SnmpReading("ifOperStatus", "1", SnmpItem.Kind.STATUS, 1, null, null),
                new SnmpReading("ifOperStatus", "2", SnmpItem.Kind.STATUS, 2, null, null),
                new SnmpReading("ifName", "1", SnmpItem.Kind.TEXT, 0, "lo", null),
                new SnmpReading("ifInErrors", "1", SnmpItem.Kind.COUNTER32, 500, null, null),
                new SnmpReading("cpu", "", SnmpItem.Kind.GAUGE, 0, null, "noSuchObject")), null, null),
                List.of(new CounterRates.Rate(new CounterRates.Key(7, "ifInErrors", "1"), 2.5)));
        assertArrayEquals(new double[] {1, 2}, latest.values(7, "ifOperStatus"));
        assertArrayEquals(new double[] {2.5}, latest.values(7, "ifInErrors_per_second"));
        assertEquals(0, latest.values(7, "ifInErrors").length, "a counter's raw value means nothing to a rule");
        assertEquals(0, latest.values(7, "cpu").length, "an item the agent does not have");
        assertEquals(0, latest.values(8, "ifOperStatus").length, "never polled");

        latest.update(new SnmpPollResult(7, AT.plusSeconds(60), OptionalLong.empty(), List.of(), SnmpPollResult.Failure.TIMEOUT, "silent"),
                List.of());
        assertEquals(0, latest.values(7, "ifOperStatus").length, "a failed poll leaves nothing known, never stale values");
    }
}
