package ge.wardops.probe;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The timer's sign of life (liveness) keeps coming while a long round still runs and ticks are skipped. */
class RoundGuardTest {

    @Test
    void aTickSkippedBehindALongRoundStillCountsAsTheTimerFiring() throws Exception {
        AtomicInteger skipped = new AtomicInteger();
        RoundGuard guard = new RoundGuard("Availability", "wardops_icmp", registry(skipped));
        CountDownLatch inRound = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread longRound = new Thread(() -> guard.tick(() -> {
            inRound.countDown();
            release.await(30, TimeUnit.SECONDS);
        }));
        longRound.start();
        try {
            assertTrue(inRound.await(10, TimeUnit.SECONDS));
            Instant roundStarted = guard.health().lastAttemptAt();
            assertNotNull(roundStarted);
            Thread.sleep(20);
            Instant before = Instant.now();
            guard.tick(() -> { throw new AssertionError("a second round must not start while one runs"); });

            RoundHealth h = guard.health();
            assertEquals(1, skipped.get(), "the tick was skipped");
            assertEquals(roundStarted, h.lastAttemptAt(), "no new round started");
            assertNotNull(h.lastTickAt());
            assertTrue(!h.lastTickAt().isBefore(before), "the skipped tick is the timer's last sign of life: " + h.lastTickAt());
        } finally {
            release.countDown();
            longRound.join(10_000);
        }
    }

    private static MetricRegistry registry(AtomicInteger skipped) {
        Counter skips = counter(skipped);
        Counter other = counter(new AtomicInteger());
        return (MetricRegistry) Proxy.newProxyInstance(MetricRegistry.class.getClassLoader(), new Class<?>[] {MetricRegistry.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("counter") && args != null && args.length == 1 && args[0] instanceof String name) {
                        return name.endsWith("_rounds_skipped") ? skips : other;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Counter counter(AtomicInteger count) {
        return (Counter) Proxy.newProxyInstance(Counter.class.getClassLoader(), new Class<?>[] {Counter.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("inc")) {
                        count.addAndGet(args == null ? 1 : ((Number) args[0]).intValue());
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
