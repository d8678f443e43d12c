package ge.wardops.report;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reports beyond the node's slots wait, say so in their progress, run when a slot frees, and give up with a clear message. */
class ReportSlotsTest {

    @Test
    void aReportBeyondTheSlotsWaitsSaysSoAndRunsWhenOneFrees() throws Exception {
        ReportSlots slots = new ReportSlots(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = holdTheSlot(slots, release);
        assertEquals(1, slots.busy());

        List<String> steps = new CopyOnWriteArrayList<>();
        AtomicInteger ran = new AtomicInteger();
        Thread second = new Thread(() -> slots.run(ran::incrementAndGet, (p, step) -> steps.add(p + " " + step), Duration.ofMinutes(1)));
        second.start();
        for (int i = 0; i < 200 && steps.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertEquals(List.of("1 " + ReportSlots.WAITING), steps, "it shows that it waits");
        assertEquals(0, ran.get(), "and does not run while the slot is taken");
        release.countDown();
        second.join(10_000);
        first.join(10_000);
        assertEquals(1, ran.get());
        assertEquals(0, slots.busy(), "both slots given back");
    }

    @Test
    void aReportThatWaitsTooLongFailsWithAClearMessageAndAFailingOneGivesItsSlotBack() throws Exception {
        ReportSlots slots = new ReportSlots(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = holdTheSlot(slots, release);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> slots.run(() -> { }, ReportProgress.NONE, Duration.ofMillis(200)));
        assertTrue(e.getMessage().startsWith("too many reports at once"), e.getMessage());
        release.countDown();
        first.join(10_000);

        assertThrows(ArithmeticException.class, () -> slots.run(() -> {
            throw new ArithmeticException("a failing report");
        }, ReportProgress.NONE, Duration.ofSeconds(1)));
        assertEquals(0, slots.busy(), "a report that failed gave its slot back");
    }

    /** A report that takes the one slot and keeps it until {@code release}; its thread, once it holds the slot. */
    private static Thread holdTheSlot(ReportSlots slots, CountDownLatch release) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        Thread first = new Thread(() -> slots.run(() -> {
            holding.countDown();
            await(release);
        }, ReportProgress.NONE, Duration.ofMinutes(1)));
        first.start();
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        return first;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
