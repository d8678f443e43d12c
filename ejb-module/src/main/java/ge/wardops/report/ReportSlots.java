package ge.wardops.report;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * At most {@code wardops.reports.max-concurrent} reports are generated at once on a node, so many
 * users asking for year-long reports together queue instead of all competing for VictoriaMetrics and
 * the EJB pool. A report waiting for a slot says so in its progress ("waiting: other reports are
 * being generated"), renewed while it waits so the stale check never takes it for a dead one, and
 * fails with a clear message after {@code maxWait}. Thread-safe; one per node.
 */
public final class ReportSlots {

    /** How often a waiting report renews its progress. */
    static final Duration RENEW = Duration.ofSeconds(30);

    static final String WAITING = "waiting: other reports are being generated";

    private final Semaphore slots;
    private final int size;

    public ReportSlots(int size) {
        this.size = Math.max(1, size);
        this.slots = new Semaphore(this.size, true);
    }

    /** Runs {@code work} in a slot, waiting at most {@code maxWait} for one; the waiting shows in {@code progress}. */
    public void run(Runnable work, ReportProgress progress, Duration maxWait) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        try {
            if (!slots.tryAcquire()) {
                progress.at(1, WAITING);
                while (!slots.tryAcquire(Math.max(1, Math.min(RENEW.toNanos(), deadline - System.nanoTime())), TimeUnit.NANOSECONDS)) {
                    if (System.nanoTime() >= deadline) {
                        throw new IllegalStateException("too many reports at once (" + size + " being generated on this server, others"
                                + " waited " + maxWait.toMinutes() + " min before this one); ask again later");
                    }
                    progress.at(1, WAITING);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to be generated", e);
        }
        try {
            work.run();
        } finally {
            slots.release();
        }
    }

    /** Reports being generated now. */
    public int busy() {
        return size - slots.availablePermits();
    }
}
