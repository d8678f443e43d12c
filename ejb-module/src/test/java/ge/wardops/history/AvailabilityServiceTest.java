package ge.wardops.history;

import ge.wardops.metrics.VictoriaMetricsUnavailableException;
import ge.wardops.testsupport.HeldRead;
import org.eclipse.microprofile.metrics.Counter;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the fleet's availability read of a window is read again, and on which thread: the first read
 * on the caller's (it has nothing else to give); a read older than the TTL on a real thread pool,
 * once however many callers ask, the old read answered meanwhile; a renewal that fails keeps the old
 * read. A real (local) Infinispan cache; VictoriaMetrics is a stand-in that counts, can be held on a
 * latch and can fail (the query itself is exercised by the integration tests); the clock is the test's.
 */
class AvailabilityServiceTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger reads = new AtomicInteger();
    private final HeldRead read = new HeldRead();
    private volatile Thread readOn;
    private DefaultCacheManager manager;

    private final AvailabilityService service = new AvailabilityService() {
        @Override
        java.util.concurrent.Executor background() {
            return pool;
        }
    };

    @BeforeEach
    void wire() {
        manager = new DefaultCacheManager();
        manager.defineConfiguration("fleet-availability", new ConfigurationBuilder().build());
        Cache<AvailabilityWindow, AvailabilityService.FleetAvailability> cache = manager.getCache("fleet-availability");
        service.settings = new HistorySettings();
        service.settings.availabilityTtl = 60;
        service.clock = now::get;
        service.source = new HistorySource() {
            @Override
            public Map<Long, Double> availability(AvailabilityWindow window) {
                readOn = Thread.currentThread();
                read.pass();
                return Map.of(1L, (double) reads.incrementAndGet());
            }
        };
        service.init(cache, new TestCounter(), new TestCounter());
    }

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        manager.stop();
    }

    @Test
    void anOldReadIsAnsweredWhileOneRenewalRunsInTheBackgroundThenTheNewOne() throws Exception {
        AvailabilityService.FleetAvailability first = service.fleet(AvailabilityWindow.DAY);
        assertEquals(Thread.currentThread(), readOn, "nothing to answer with: the first read is the caller's");
        assertEquals(Map.of(1L, 1.0), first.byDevice());
        now.addAndGet(59_000);
        assertSame(first, service.fleet(AvailabilityWindow.DAY), "within the TTL: the same read");
        assertEquals(1, reads.get());

        read.hold();
        now.addAndGet(2_000);
        for (int i = 0; i < 5; i++) {
            assertSame(first, service.fleet(AvailabilityWindow.DAY), "older than the TTL: the old read while it is renewed");
        }
        read.release();
        AvailabilityService.FleetAvailability renewed = firstOtherThan(first, AvailabilityWindow.DAY);
        assertNotSame(first, renewed, "the renewed read, once in");
        assertEquals(Map.of(1L, 2.0), renewed.byDevice());
        assertTrue(renewed.generation() > first.generation(), "a new generation, so answers built from the old read are rebuilt");
        assertNotEquals(Thread.currentThread(), readOn, "renewed on the executor");
        assertEquals(2, reads.get(), "one renewal, however many callers asked meanwhile");
    }

    @Test
    void aRenewalThatFailsKeepsTheOldReadAndIsTriedAgain() throws Exception {
        AvailabilityService.FleetAvailability first = service.fleet(AvailabilityWindow.WEEK);
        read.failWith(new VictoriaMetricsUnavailableException("connection refused", null));
        now.addAndGet(61_000);
        assertSame(first, service.fleet(AvailabilityWindow.WEEK));
        pool.submit(() -> { }).get(10, TimeUnit.SECONDS); // the failed renewal has run
        assertSame(first, service.fleet(AvailabilityWindow.WEEK), "VictoriaMetrics away: the old read stays");
        read.recover();
        AvailabilityService.FleetAvailability renewed = firstOtherThan(first, AvailabilityWindow.WEEK);
        assertEquals(Map.of(1L, 2.0), renewed.byDevice(), "tried again by a later caller, and in");
    }

    /** What callers are answered with once it is no longer {@code first}: asked every 10 ms, for at most 2 s. */
    private AvailabilityService.FleetAvailability firstOtherThan(AvailabilityService.FleetAvailability first, AvailabilityWindow window)
            throws InterruptedException {
        AvailabilityService.FleetAvailability answer = first;
        for (int i = 0; i < 200 && answer == first; i++) {
            Thread.sleep(10);
            answer = service.fleet(window);
        }
        return answer;
    }

    private static final class TestCounter implements Counter {
        private final AtomicLong count = new AtomicLong();

        @Override
        public void inc() {
            count.incrementAndGet();
        }

        @Override
        public void inc(long n) {
            count.addAndGet(n);
        }

        @Override
        public long getCount() {
            return count.get();
        }
    }
}
