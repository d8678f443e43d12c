package ge.wardops.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spool on a real disk: order, limits, restarts, and one owner per directory. */
class DiskSpoolTest {

    @TempDir
    Path dir;

    @Test
    void segmentsComeBackOldestFirstAlsoAfterReopening() {
        List<ImportBatch> batches = List.of(batch(1, 10), batch(2, 20), batch(3, 30));
        try (DiskSpool spool = new DiskSpool(dir, DiskSpool.DEFAULT_MAX_BYTES)) {
            batches.forEach(spool::append);
            assertEquals(60, spool.pendingSamples());
        }

        try (DiskSpool reopened = new DiskSpool(dir, DiskSpool.DEFAULT_MAX_BYTES)) {
            assertEquals(60, reopened.pendingSamples());
            for (ImportBatch expected : batches) {
                DiskSpool.Segment oldest = reopened.oldest().orElseThrow();
                assertArrayEquals(expected.gzipped(), readOrFail(reopened, oldest).gzipped());
                assertEquals(expected.samples(), oldest.samples());
                reopened.remove(oldest);
            }
            assertTrue(reopened.isEmpty());
            reopened.append(batch(4, 5));
            assertTrue(reopened.oldest().orElseThrow().sequence() > 3, "sequence numbers are never reused");
        }
    }

    @Test
    void pastTheLimitTheOldestSegmentsAreDeletedAndTheirSamplesCounted() {
        long one = batch(1, 100).gzipped().length;
        try (DiskSpool spool = new DiskSpool(dir, one * 5 / 2)) {
            for (int minute = 1; minute <= 5; minute++) {
                spool.append(batch(minute, 100));
            }

            assertEquals(2, spool.pendingSegments());
            assertEquals(300, spool.droppedSamples());
            assertArrayEquals(batch(4, 100).gzipped(), readOrFail(spool, spool.oldest().orElseThrow()).gzipped(), "the newest two remain");
            assertTrue(spool.pendingBytes() <= one * 5 / 2);
        }
    }

    @Test
    void aBatchLargerThanTheWholeSpoolIsCountedAsDroppedAndNotWritten() {
        try (DiskSpool spool = new DiskSpool(dir, 10)) {
            spool.append(batch(1, 100));

            assertEquals(100, spool.droppedSamples());
            assertTrue(spool.isEmpty());
        }
    }

    @Test
    void aSecondSpoolOnTheSameDirectoryIsRefusedUntilTheFirstCloses() {
        try (DiskSpool first = new DiskSpool(dir, DiskSpool.DEFAULT_MAX_BYTES)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> new DiskSpool(dir, DiskSpool.DEFAULT_MAX_BYTES));
            assertTrue(e.getMessage().contains("another writer"), e.getMessage());
        }
        new DiskSpool(dir, DiskSpool.DEFAULT_MAX_BYTES).close();
    }

    @Test
    void aSegmentDeletedBehindTheSpoolsBackIsCountedAsDropped() throws Exception {
        try (DiskSpool spool = new DiskSpool(dir, DiskSpool.DEFAULT_MAX_BYTES)) {
            spool.append(batch(1, 40));
            DiskSpool.Segment segment = spool.oldest().orElseThrow();
            Files.delete(segment.file());

            java.io.IOException gone = assertThrows(java.io.IOException.class, () -> spool.read(segment));
            spool.dropUnreadable(segment, gone);

            assertEquals(40, spool.droppedSamples());
            assertTrue(spool.isEmpty());
        }
    }

    private static ImportBatch batch(int minute, int devices) {
        List<Sample> samples = new ArrayList<>();
        for (int d = 0; d < devices; d++) {
            samples.add(new Sample("wardops_ping_up", Map.of("device_id", Integer.toString(d)), 1, 1_700_000_000_000L + minute * 60_000L));
        }
        return ImportBatch.encode(samples);
    }

    private static ImportBatch readOrFail(DiskSpool spool, DiskSpool.Segment segment) {
        try {
            return spool.read(segment);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
