package ge.wardops.probe.snmp;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static ge.wardops.probe.snmp.SnmpItem.Kind.COUNTER32;
import static ge.wardops.probe.snmp.SnmpItem.Kind.COUNTER64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CounterRatesTest {

    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    static final CounterRates.Key IN = new CounterRates.Key(7, "ifHCInOctets", "2");
    /** sysUpTime is in hundredths of a second: one hour of agent uptime. */
    static final long HOUR = 360_000;

    final CounterRates rates = new CounterRates();

    @Test
    void firstReadingHasNoRate() {
        assertTrue(rates.update(IN, COUNTER64, 1_000, up(HOUR), T0).isEmpty());
    }

    @Test
    void steadyCounterGivesItsIncreasePerSecond() {
        rates.update(IN, COUNTER64, 1_000, up(HOUR), T0);

        OptionalDouble rate = rates.update(IN, COUNTER64, 61_000, up(HOUR + 6_000), T0.plusSeconds(60));

        assertEquals(1_000.0, rate.orElseThrow(), 1e-9);
    }

    @Test
    void counter32WrapsAtTwoToThe32() {
        long max = 0xFFFF_FFFFL;
        rates.update(IN, COUNTER32, max - 99, up(HOUR), T0);

        // 100 up to the wrap, then 0..400 after it: 500 octets in 10 s.
        OptionalDouble rate = rates.update(IN, COUNTER32, 400, up(HOUR + 1_000), T0.plusSeconds(10));

        assertEquals(50.0, rate.orElseThrow(), 1e-9);
    }

    @Test
    void counter64WrapsAtTwoToThe64() {
        long max = -1L; // 2^64 - 1 as the raw unsigned bits
        rates.update(IN, COUNTER64, max - 999, up(HOUR), T0);

        OptionalDouble rate = rates.update(IN, COUNTER64, 1_000, up(HOUR + 1_000), T0.plusSeconds(10));

        assertEquals(200.0, rate.orElseThrow(), 1e-9);
    }

    @Test
    void counter64AboveTwoToThe63IsStillPositive() {
        long high = Long.MIN_VALUE + 5; // 2^63 + 5
        rates.update(IN, COUNTER64, high, up(HOUR), T0);

        OptionalDouble rate = rates.update(IN, COUNTER64, high + 3_000, up(HOUR + 1_000), T0.plusSeconds(10));

        assertEquals(300.0, rate.orElseThrow(), 1e-9);
    }

    @Test
    void agentRestartSeenAsSysUpTimeGoingDownGivesNoRate() {
        rates.update(IN, COUNTER64, 5_000_000_000L, up(HOUR), T0);

        OptionalDouble rate = rates.update(IN, COUNTER64, 1_000, up(500), T0.plusSeconds(60));

        assertTrue(rate.isEmpty(), "a reset must not read as a wrap: " + rate);
    }

    @Test
    void agentRestartBetweenReadingsIsSeenEvenWhenUptimeIsAlreadyHigherAgain() {
        // Last seen up 10 s; 10 minutes later it is up 5 minutes: it restarted in between.
        rates.update(IN, COUNTER32, 4_000_000_000L, up(1_000), T0);

        OptionalDouble rate = rates.update(IN, COUNTER32, 3_000, up(30_000), T0.plusSeconds(600));

        assertTrue(rate.isEmpty(), "a reset must not read as a wrap: " + rate);
    }

    @Test
    void readingAfterARestartIsTheBaseOfTheNextRate() {
        rates.update(IN, COUNTER64, 5_000, up(HOUR), T0);
        rates.update(IN, COUNTER64, 100, up(100), T0.plusSeconds(60));

        OptionalDouble rate = rates.update(IN, COUNTER64, 1_100, up(1_100), T0.plusSeconds(70));

        assertEquals(100.0, rate.orElseThrow(), 1e-9);
    }

    @Test
    void counterGoingDownWithoutSysUpTimeGivesNoRateRatherThanAGuess() {
        rates.update(IN, COUNTER32, 9_000, OptionalLong.empty(), T0);

        assertTrue(rates.update(IN, COUNTER32, 100, OptionalLong.empty(), T0.plusSeconds(10)).isEmpty());
        assertEquals(10.0, rates.update(IN, COUNTER32, 200, OptionalLong.empty(), T0.plusSeconds(20)).orElseThrow(), 1e-9);
    }

    @Test
    void sameTimestampTwiceGivesNoRate() {
        rates.update(IN, COUNTER64, 1, up(HOUR), T0);

        assertTrue(rates.update(IN, COUNTER64, 2, up(HOUR), T0).isEmpty());
    }

    @Test
    void eachDeviceItemAndInterfaceHasItsOwnHistory() {
        CounterRates.Key otherInterface = new CounterRates.Key(7, "ifHCInOctets", "3");
        CounterRates.Key otherDevice = new CounterRates.Key(8, "ifHCInOctets", "2");
        rates.update(IN, COUNTER64, 0, up(HOUR), T0);
        rates.update(otherInterface, COUNTER64, 1_000_000, up(HOUR), T0);

        assertTrue(rates.update(otherDevice, COUNTER64, 10, up(HOUR + 100), T0.plusSeconds(1)).isEmpty());
        assertEquals(10.0, rates.update(IN, COUNTER64, 10, up(HOUR + 100), T0.plusSeconds(1)).orElseThrow(), 1e-9);
        assertEquals(3, rates.size());

        rates.forget(7);
        assertEquals(1, rates.size());
    }

    @Test
    void pollResultsGiveRatesForTheirCounterReadingsOnly() {
        SnmpItem in = new SnmpItem("ifHCInOctets", "1.3.6.1.2.1.31.1.1.1.6", COUNTER64);
        SnmpItem status = new SnmpItem("ifOperStatus", "1.3.6.1.2.1.2.2.1.8", SnmpItem.Kind.STATUS);
        rates.update(result(T0, HOUR, SnmpReading.number(in, "1", 0), SnmpReading.number(status, "1", 1)));

        List<CounterRates.Rate> got = rates.update(result(T0.plusSeconds(2), HOUR + 200,
                SnmpReading.number(in, "1", 8_000), SnmpReading.number(status, "1", 1), SnmpReading.failed(in, "2", "noSuchInstance")));

        assertEquals(List.of(new CounterRates.Rate(new CounterRates.Key(7, "ifHCInOctets", "1"), 4_000.0)), got);
    }

    @Test
    void onlyCountersHaveRates() {
        assertThrows(IllegalArgumentException.class, () -> rates.update(IN, SnmpItem.Kind.GAUGE, 1, up(HOUR), T0));
    }

    static OptionalLong up(long ticks) {
        return OptionalLong.of(ticks);
    }

    static SnmpPollResult result(Instant at, long sysUpTime, SnmpReading... readings) {
        return new SnmpPollResult(7, at, OptionalLong.of(sysUpTime), List.of(readings), null, null);
    }
}
