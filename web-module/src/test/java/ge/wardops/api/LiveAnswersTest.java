package ge.wardops.api;

import ge.wardops.fleet.FleetSummaries;
import ge.wardops.fleet.LiveVersion;
import ge.wardops.security.RegionScope;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which answer a caller gets when a probe round has moved the live list: for a small fleet the new
 * one, built on the caller's thread; for a large one the previous round's, while one rebuild runs on
 * the background executor, then the new one. A real thread pool; the rebuild is held on a latch so
 * the test decides when it ends.
 */
class LiveAnswersTest {

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final LiveAnswers answers = new LiveAnswers() {
        @Override
        java.util.concurrent.Executor background() {
            return pool;
        }
    };

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    private void threshold(int devices) {
        answers.settings = new LiveAnswersSettings();
        answers.settings.backgroundRebuildDevices = devices;
    }

    private static LiveVersion version(long inventory, long states, long alerts) {
        return new LiveVersion(RegionScope.EVERYTHING, inventory, states, alerts);
    }

    private static String text(Etags.Body body) {
        return new String(body.json().toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void aSmallFleetAlwaysGetsTheNewestAnswerBuiltOnItsOwnThread() {
        threshold(2000);
        assertEquals("[\"round 1\"]", text(answers.liveBody("list", version(1, 1, 0), () -> List.of("round 1"), 875)));
        AtomicInteger built = new AtomicInteger();
        Thread caller = Thread.currentThread();
        Etags.Body next = answers.liveBody("list", version(1, 2, 0), () -> {
            built.incrementAndGet();
            assertEquals(caller, Thread.currentThread(), "built by the caller");
            return List.of("round 2");
        }, 875);
        assertEquals("[\"round 2\"]", text(next));
        assertEquals(1, built.get());
        assertEquals("[\"round 2\"]", text(answers.liveBody("list", version(1, 2, 0), () -> List.of("not asked"), 875)),
                "kept for the same version");
    }

    @Test
    void aLargeFleetGetsThePreviousRoundWhileOneRebuildRunsThenTheNewOne() throws Exception {
        threshold(2000);
        answers.liveBody("list", version(1, 1, 0), () -> List.of("round 1"), 10_000);

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        AtomicInteger builds = new AtomicInteger();
        Supplier<Object> slow = () -> {
            builds.incrementAndGet();
            started.countDown();
            try {
                assertTrue(release.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of("round 2");
        };
        assertEquals("[\"round 1\"]", text(answers.liveBody("list", version(1, 2, 0), slow, 10_000)),
                "the caller does not wait for the rebuild");
        assertTrue(started.await(10, TimeUnit.SECONDS), "the rebuild runs on the executor");
        for (int i = 0; i < 5; i++) {
            assertEquals("[\"round 1\"]", text(answers.liveBody("list", version(1, 2, 0), slow, 10_000)));
        }
        release.countDown();
        String now = "";
        for (int i = 0; i < 200 && !now.equals("[\"round 2\"]"); i++) {
            Thread.sleep(10);
            now = text(answers.liveBody("list", version(1, 2, 0), () -> List.of("built by a caller"), 10_000));
        }
        assertEquals("[\"round 2\"]", now, "the rebuilt answer, once ready");
        assertEquals(1, builds.get(), "one rebuild, however many callers asked meanwhile");
    }

    @Test
    void anInventoryOrAlertChangeIsNeverAnsweredFromTheOldCopy() {
        threshold(0);
        answers.liveBody("stats", version(1, 1, 0), () -> List.of("before"), 10_000);
        assertEquals("[\"new device\"]", text(answers.liveBody("stats", version(2, 2, 0), () -> List.of("new device"), 10_000)));
        assertEquals("[\"alert\"]", text(answers.liveBody("stats", version(2, 2, 1), () -> List.of("alert"), 10_000)));
        LiveVersion otherScope = new LiveVersion(RegionScope.NOTHING, 2, 3, 1);
        assertEquals("[]", text(answers.liveBody("stats", otherScope, List::of, 10_000)), "another scope is another slot");
    }

    @Test
    void aRebuildThatFailsIsNotCoveredUpTheNextCallerBuildsAndSeesTheError() throws Exception {
        threshold(0);
        answers.liveBody("list", version(1, 1, 0), () -> List.of("round 1"), 10_000);
        CountDownLatch failed = new CountDownLatch(1);
        assertEquals("[\"round 1\"]", text(answers.liveBody("list", version(1, 2, 0), () -> {
            failed.countDown();
            throw new IllegalStateException("inventory copy unreadable");
        }, 10_000)));
        assertTrue(failed.await(10, TimeUnit.SECONDS));
        IllegalStateException seen = null;
        for (int i = 0; i < 200 && seen == null; i++) {
            try {
                answers.liveBody("list", version(1, 2, 0), () -> {
                    throw new IllegalStateException("still unreadable");
                }, 10_000);
                Thread.sleep(10); // the failed rebuild has not yet dropped the old copy
            } catch (IllegalStateException e) {
                seen = e;
            }
        }
        assertEquals("still unreadable", seen == null ? null : seen.getMessage());
        assertThrows(IllegalStateException.class, () -> answers.liveBody("list", version(1, 2, 0), () -> {
            throw new IllegalStateException("again");
        }, 10_000), "no old copy left to hide behind");
    }

    /**
     * The branch and region summaries go the same way: after a probe round a large fleet's callers get
     * the previous round's summaries while they are rebuilt on the executor; a new availability read
     * (the window's cached VictoriaMetrics answer renewed) is built before it is answered.
     */
    @Test
    void aSummaryIsRebuiltInTheBackgroundAfterAProbeRoundAndBuiltAtOnceForANewAvailabilityRead() throws Exception {
        threshold(2000);
        answers.versionedBody("branches-summary", RegionScope.EVERYTHING, summary(1, 7), () -> List.of("round 1"), 10_000);
        CountDownLatch release = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        Supplier<Object> slow = () -> {
            assertTrue(Thread.currentThread() != caller, "rebuilt on the executor");
            try {
                assertTrue(release.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of("round 2");
        };
        assertEquals("[\"round 1\"]", text(answers.versionedBody("branches-summary", RegionScope.EVERYTHING, summary(2, 7), slow,
                10_000)), "the caller does not wait for the rebuild");
        release.countDown();
        String now = "";
        for (int i = 0; i < 200 && !now.equals("[\"round 2\"]"); i++) {
            Thread.sleep(10);
            now = text(answers.versionedBody("branches-summary", RegionScope.EVERYTHING, summary(2, 7), () -> List.of("built by a caller"),
                    10_000));
        }
        assertEquals("[\"round 2\"]", now, "the rebuilt summaries, once ready");
        assertEquals("[\"new read\"]", text(answers.versionedBody("branches-summary", RegionScope.EVERYTHING, summary(3, 8),
                () -> List.of("new read"), 10_000)), "a new availability read is never answered from the old copy");
        assertEquals("[\"small\"]", text(answers.versionedBody("regions-summary", RegionScope.EVERYTHING, summary(3, 8),
                () -> List.of("small"), 10_000)));
        assertEquals("[\"small, next round\"]", text(answers.versionedBody("regions-summary", RegionScope.EVERYTHING, summary(4, 8),
                () -> List.of("small, next round"), 875)), "a small fleet builds on the caller's thread");
    }

    private static FleetSummaries.SummaryVersion summary(long states, long availabilityGeneration) {
        return new FleetSummaries.SummaryVersion(version(1, states, 0), availabilityGeneration, null);
    }
}
