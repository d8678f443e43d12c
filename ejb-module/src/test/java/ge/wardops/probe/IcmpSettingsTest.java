package ge.wardops.probe;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IcmpSettingsTest {

    @Test
    void theCommandReadsTargetsFromStdinAndPrintsOnlySummaries() {
        IcmpSettings s = IcmpSettings.defaults().withPacing(20, 0.5);

        assertEquals(List.of("/usr/bin/fping", "-q", "-A", "-C", "3", "-t", "500", "-p", "20", "-i", "0.5", "-r", "0", "-f", "-"),
                s.command());
        assertEquals("1", IcmpSettings.defaults().withPacing(1000, 1.0).command().get(10), "fping reads 1, not 1.0");
        assertEquals(List.of("-p", "200", "-i", "0.25"), IcmpSettings.defaults().command().subList(7, 11), "the default pacing");
    }

    @Test
    void aProcessTimeoutShorterThanAFullChunkNeedsIsRefused() {
        // 2,500 targets 0.25 ms apart (625 ms a pass, longer than the 200 ms period), three passes and
        // the 500 ms timeout: at least 2,375 ms before the last reply can be in.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IcmpSettings.defaults().withProcessTimeout(Duration.ofSeconds(2)));

        assertTrue(e.getMessage().contains("2375 ms"), e.getMessage());
    }

    @Test
    void aZeroTimeoutIsRefusedBecauseFpingWouldCountEveryPacketLost() {
        IcmpSettings d = IcmpSettings.defaults();
        assertThrows(IllegalArgumentException.class, () -> new IcmpSettings(Path.of("/usr/bin/fping"), 3, 0, 1000, 1, 0,
                d.chunkSize(), d.parallelProcesses(), d.processTimeout()));
    }

    @Test
    void aBatchIsSpreadEvenlyOverTheProcessesWithinTheChunkSize() {
        IcmpSettings d = IcmpSettings.defaults();
        assertEquals(219, d.chunkSizeFor(875), "875 targets: four processes of 219, not one of 875");
        assertEquals(2500, d.chunkSizeFor(10_000));
        assertEquals(2500, d.chunkSizeFor(20_000), "never more than the chunk size: two waves");
        assertEquals(100, d.chunkSizeFor(300), "no process for fewer than 100 targets");
        assertEquals(100, d.chunkSizeFor(12), "a confirmation's few devices: one process");
        assertEquals(300, d.withChunking(300, 3).chunkSizeFor(2_000));
        assertEquals(334, d.withChunking(2500, 3).chunkSizeFor(1_000));
    }
}
