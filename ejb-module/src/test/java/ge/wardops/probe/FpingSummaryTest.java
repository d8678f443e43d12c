package ge.wardops.probe;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fping 5.1's -C summary lines as it prints them (copied from real runs), and what is not one. */
class FpingSummaryTest {

    private static final Instant AT = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void paddedIpv4AndIpv6LinesGiveTimesPerPacket() throws Exception {
        FpingSummary s = new FpingSummary();
        s.accept("127.0.0.9  : 0.291 0.037 0.035");
        s.accept("::1       : 0.102 - 0.016");

        PingResult v4 = s.timesOf(InetAddress.getByName("127.0.0.9")).toResult(1, 3, AT);
        PingResult v6 = s.timesOf(InetAddress.getByName("0:0:0:0:0:0:0:1")).toResult(2, 3, AT);

        assertEquals(new PingResult(1, 3, 3, (0.291 + 0.037 + 0.035) / 3, 0.035, 0.291, AT), v4);
        assertEquals(2, v6.received());
        assertEquals(100.0 / 3, v6.lossPercent(), 1e-9);
        assertEquals(0.016, v6.rttMinMs());
    }

    @Test
    void equalTimesAverageToExactlyThatTimeDespiteRounding() throws Exception {
        FpingSummary s = new FpingSummary();
        s.accept("127.0.0.2 : 0.006 0.006 0.006");

        PingResult r = s.timesOf(InetAddress.getByName("127.0.0.2")).toResult(2, 3, AT);

        assertEquals(0.006, r.rttAvgMs());
        assertTrue(r.rttMinMs() <= r.rttAvgMs() && r.rttAvgMs() <= r.rttMaxMs(), r.toString());
    }

    @Test
    void aLineOfDashesIsATargetThatLostEverything() throws Exception {
        FpingSummary s = new FpingSummary();
        s.accept("127.88.0.1 : - - -");

        PingResult r = s.timesOf(InetAddress.getByName("127.88.0.1")).toResult(5, 3, AT);

        assertEquals(PingResult.allLost(5, 3, AT), r);
    }

    @Test
    void errorsNamesAndNoiseAreNotSummaries() {
        FpingSummary s = new FpingSummary();
        s.accept("127.0.0.1: error while sending ping: Invalid argument");
        s.accept("ICMP Host Unreachable from 127.0.0.1 for ICMP Echo sent to 127.88.0.2");
        s.accept("router.example.com : 1.0 2.0");
        s.accept("Usage: fping [options] [targets...]");
        s.accept("");

        assertEquals(0, s.targetsReported());
        assertEquals(5, s.otherLines().size());
    }

    @Test
    void aTargetPrintedTwiceKeepsItsFirstLine() throws Exception {
        FpingSummary s = new FpingSummary();
        s.accept("127.0.0.1 : 0.01");
        s.accept("127.0.0.1 : -");

        assertEquals(1, s.timesOf(InetAddress.getByName("127.0.0.1")).toResult(1, 1, AT).received());
        assertNull(s.timesOf(InetAddress.getByName("127.0.0.2")));
    }
}
