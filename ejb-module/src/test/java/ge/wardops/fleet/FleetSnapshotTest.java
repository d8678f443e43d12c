package ge.wardops.fleet;

import ge.wardops.inventory.DeviceType;
import ge.wardops.testsupport.HeldRead;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the inventory copy is taken again, and on which thread: the first read and the read after an
 * inventory change take it on the reader's thread (a change is in the very next answer); a copy that
 * has grown old is taken again on a real thread pool while readers keep the old one, and keeps its
 * generation when nothing changed. The queries answer from a list the test edits (the SQL itself is
 * exercised by the integration tests) and can be held on a latch.
 */
class FleetSnapshotTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final List<FleetDevice> table = new ArrayList<>(List.of(device(1), device(2)));
    private final AtomicInteger reads = new AtomicInteger();
    private final HeldRead read = new HeldRead();
    private final FleetSnapshot snapshot = new FleetSnapshot() {
        @Override
        java.util.concurrent.Executor background() {
            return pool;
        }
    };

    {
        snapshot.queries = new FleetQueries() {
            @Override
            public List<FleetDevice> devices() {
                reads.incrementAndGet();
                read.pass();
                synchronized (table) {
                    return List.copyOf(table);
                }
            }

            @Override
            public List<FleetBranch> branches() {
                return List.of(new FleetBranch(10, "Rustavi", "RB", 20, "Kvemo Kartli"));
            }

            @Override
            public List<FleetRegion> regions() {
                return List.of(new FleetRegion(20, "Kvemo Kartli", "KK"));
            }
        };
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static FleetDevice device(long id) {
        return new FleetDevice(id, "dev-" + id, "127.0.0." + id, DeviceType.ROUTER, "Cisco", 10, "Rustavi", 20, "Kvemo Kartli", true);
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    @Test
    void anOldCopyIsTakenAgainInTheBackgroundAndKeepsItsGenerationWhenNothingChanged() throws Exception {
        assertEquals(2, snapshot.devices().size());
        long first = snapshot.generation();
        assertEquals(1, reads.get(), "the first read takes the copy");

        snapshot.maxAgeMillis = 1000;
        Thread.sleep(1100);
        read.hold();
        long t0 = System.nanoTime();
        assertEquals(2, snapshot.devices().size(), "the old copy, at once");
        assertTrue(eventually(() -> reads.get() == 2), "taken again on the pool");
        for (int i = 0; i < 20; i++) {
            assertEquals(first, snapshot.generation(), "readers keep the old copy while the queries run");
        }
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "no reader waited for the held query");
        assertEquals(2, reads.get(), "one refresh at a time, however many readers");
        read.release();
        snapshot.maxAgeMillis = FleetSnapshot.MAX_AGE_MILLIS;
        Thread.sleep(100);
        assertEquals(first, snapshot.generation(), "nothing changed: the same generation, nothing to rebuild");

        synchronized (table) {
            table.add(device(3));
        }
        snapshot.maxAgeMillis = 1000;
        Thread.sleep(1100);
        assertEquals(2, snapshot.devices().size(), "still the old copy on this read");
        assertTrue(eventually(() -> snapshot.devices().size() == 3), "the new device once the refresh is in");
        assertNotEquals(first, snapshot.generation(), "a changed inventory is a new generation");
    }

    @Test
    void aCopyNoOneReadForTwiceItsAgeIsTakenOnTheReadersThread() throws Exception {
        assertEquals(2, snapshot.devices().size());
        synchronized (table) {
            table.add(device(3));
        }
        snapshot.maxAgeMillis = 20;
        Thread.sleep(60);
        assertEquals(3, snapshot.devices().size(), "not a copy of any age: this reader waits for the new one");
        assertEquals(2, reads.get());
    }

    @Test
    void anInventoryChangeIsInTheVeryNextAnswer() {
        assertEquals(2, snapshot.devices().size());
        long first = snapshot.generation();
        synchronized (table) {
            table.add(device(3));
        }
        snapshot.onInventoryChange(null);
        assertEquals(3, snapshot.devices().size(), "taken on the reader's thread, not later");
        assertNotEquals(first, snapshot.generation());
    }

    @Test
    void whenTheDatabaseFailsTheOldCopyIsKeptAndTriedAgainLater() throws Exception {
        assertEquals(2, snapshot.devices().size());
        long first = snapshot.generation();
        snapshot.maxAgeMillis = 1000;
        Thread.sleep(1100);
        read.failWith(new IllegalStateException("database unreachable"));
        assertEquals(2, snapshot.devices().size());
        assertTrue(eventually(() -> reads.get() == 2));
        Thread.sleep(100);
        for (int i = 0; i < 50; i++) {
            assertEquals(2, snapshot.devices().size(), "the old copy is still answered");
        }
        assertEquals(2, reads.get(), "not tried again on every read: after " + FleetSnapshot.RETRY_MILLIS + " ms");
        read.recover();
        synchronized (table) {
            table.add(device(3));
        }
        Thread.sleep(FleetSnapshot.RETRY_MILLIS);
        snapshot.devices();
        assertTrue(eventually(() -> snapshot.devices().size() == 3), "taken again once the database answers");
        assertNotEquals(first, snapshot.generation());
    }
}
