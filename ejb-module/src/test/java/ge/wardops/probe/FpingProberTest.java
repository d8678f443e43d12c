package ge.wardops.probe;

import ge.wardops.testsupport.Loopback;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real fping 5.1 against loopback addresses, some taken out of service by a blackhole route:
 * what each device's result says and how a batch is split. Needs root for the route.
 */
class FpingProberTest {

    /** Loopback answers in microseconds, so tests need neither 1 s periods nor a 1 ms pace. */
    private static final IcmpSettings FAST = IcmpSettings.defaults().withPacing(20, 0.1);

    @BeforeAll
    static void takeARangeOutOfService() {
        Loopback.assumeRoot();
        assertTrue(Files.isExecutable(IcmpSettings.defaults().fpingPath()), "install fping: apt-get install -y fping");
        Loopback.takeOutOfService();
    }

    @AfterAll
    static void restoreIt() {
        Loopback.restoreService();
    }

    @Test
    void answeringDevicesHaveRoundTripTimesAndNoLoss() {
        List<PingResult> results = probe(FAST, List.of(
                new ProbeTarget(1, Loopback.up(1)), new ProbeTarget(2, Loopback.up(70_000))));

        for (PingResult r : results) {
            assertEquals(3, r.sent());
            assertEquals(3, r.received());
            assertEquals(0.0, r.lossPercent());
            assertTrue(r.reachable());
            assertNotNull(r.rttAvgMs());
            assertTrue(r.rttMinMs() > 0 && r.rttMinMs() <= r.rttAvgMs() && r.rttAvgMs() <= r.rttMaxMs(), r.toString());
            assertTrue(r.rttMaxMs() < 500, "loopback answers well inside the timeout: " + r);
        }
    }

    @Test
    void blackholedDevicesLoseEveryPacketAndHaveNoRoundTripTime() {
        List<PingResult> results = probe(FAST, List.of(
                new ProbeTarget(11, Loopback.blackholed(1)), new ProbeTarget(12, Loopback.blackholed(2)),
                new ProbeTarget(13, Loopback.up(3))));

        for (PingResult r : results.subList(0, 2)) {
            assertEquals(3, r.sent());
            assertEquals(0, r.received());
            assertEquals(100.0, r.lossPercent());
            assertFalse(r.reachable());
            assertNull(r.rttAvgMs());
            assertNull(r.rttMinMs());
            assertNull(r.rttMaxMs());
        }
        assertTrue(results.get(2).reachable(), "fping's exit 1 (some unreachable) still reports the others");
    }

    @Test
    void ipv6DevicesAreProbedInTheSameBatchAsIpv4() throws IOException {
        assumeTrue(Files.readString(Path.of("/proc/net/if_inet6")).contains("00000000000000000000000000000001"),
                "loopback has no ::1 here");
        List<PingResult> results = probe(FAST, List.of(
                new ProbeTarget(21, InetAddress.getByName("::1")), new ProbeTarget(22, Loopback.up(5)),
                new ProbeTarget(23, InetAddress.getByName("0:0:0:0:0:0:0:1"))));

        assertEquals(List.of(21L, 22L, 23L), results.stream().map(PingResult::deviceId).toList());
        results.forEach(r -> assertEquals(0.0, r.lossPercent(), r.toString()));
    }

    @Test
    void devicesSharingAnAddressEachGetTheSameResult() {
        List<PingResult> results = probe(FAST, List.of(
                new ProbeTarget(31, Loopback.up(7)), new ProbeTarget(32, Loopback.blackholed(7)),
                new ProbeTarget(33, Loopback.up(7)), new ProbeTarget(34, Loopback.blackholed(7))));

        assertEquals(List.of(31L, 32L, 33L, 34L), results.stream().map(PingResult::deviceId).toList());
        assertTrue(results.get(0).reachable());
        assertEquals(results.get(0).rttAvgMs(), results.get(2).rttAvgMs(), "one ping, shared");
        assertEquals(3, results.get(2).sent(), "the address was pinged once, not twice");
        assertEquals(100.0, results.get(1).lossPercent());
        assertEquals(100.0, results.get(3).lossPercent());
    }

    @Test
    void aMixedBatchAcrossManyChunksGivesExactlyOneResultPerDeviceInOrder() {
        List<ProbeTarget> batch = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            // Every fourth device is down; ids are not positions, so a mix-up would show.
            InetAddress address = i % 4 == 3 ? Loopback.blackholed(i) : Loopback.up(i);
            batch.add(new ProbeTarget(900_000L + 7L * i, address));
        }

        List<PingResult> results = probe(FAST.withChunking(300, 3), batch);

        assertEquals(batch.size(), results.size());
        for (int i = 0; i < batch.size(); i++) {
            PingResult r = results.get(i);
            assertEquals(batch.get(i).deviceId(), r.deviceId());
            // A mix-up would give a dark address's 100 % to an answering device or the other way round.
            // One echo of an answering address may go missing at this pace (three fping processes at
            // 0.1 ms between packets on a busy machine: 33 % once in CI, 2026-12-07): reachable is the claim.
            if (i % 4 == 3) {
                assertEquals(100.0, r.lossPercent(), "device " + i + ": " + r);
            } else {
                assertTrue(r.reachable(), "device " + i + ": " + r);
            }
        }
    }

    @Test
    void tenThousandDevicesAtTheProductionDefaultsAllComeBack() {
        List<ProbeTarget> batch = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            batch.add(new ProbeTarget(i, i % 10 == 9 ? Loopback.blackholed(i) : Loopback.up(i)));
        }

        long started = System.nanoTime();
        List<PingResult> results = probe(IcmpSettings.defaults(), batch);
        System.out.printf("10,000 targets at the default settings took %d ms%n", (System.nanoTime() - started) / 1_000_000);

        assertEquals(10_000, results.size());
        long up = results.stream().filter(PingResult::reachable).count();
        assertEquals(9_000, up);
        for (int i = 0; i < results.size(); i++) {
            assertEquals(i, results.get(i).deviceId());
            assertEquals(i % 10 != 9, results.get(i).reachable(), "device " + i);
        }
    }

    private static List<PingResult> probe(IcmpSettings settings, List<ProbeTarget> batch) {
        try (FpingProber prober = new FpingProber(settings)) {
            return prober.probe(batch);
        }
    }
}
