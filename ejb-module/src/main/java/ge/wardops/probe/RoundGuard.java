package ge.wardops.probe;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every probe timer does around its round: a tick that finds the previous round still running
 * is skipped and counted (rounds delay, never stack), and a round that fails as a whole is counted
 * and logged so that the next tick simply tries again.
 */
final class RoundGuard {

    /** One round's work. */
    @FunctionalInterface
    interface Round {
        void run() throws InterruptedException;
    }

    private static final Logger LOG = Logger.getLogger(RoundGuard.class.getName());

    private final String name;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Counter skipped;
    private final Counter failures;

    /** Registers {@code <prefix>_rounds_skipped} and {@code <prefix>_round_failures}; {@code name} is for log lines. */
    RoundGuard(String name, String prefix, MetricRegistry metrics) {
        this.name = name;
        this.skipped = metrics.counter(prefix + "_rounds_skipped");
        this.failures = metrics.counter(prefix + "_round_failures");
    }

    void tick(Round round) {
        if (!running.compareAndSet(false, true)) {
            skipped.inc();
            LOG.warning(() -> name + " round still running at the next tick; this tick is skipped");
            return;
        }
        try {
            round.run();
        } catch (RuntimeException e) {
            failures.inc();
            LOG.log(Level.SEVERE, name + " round failed; the next tick tries again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.set(false);
        }
    }
}
