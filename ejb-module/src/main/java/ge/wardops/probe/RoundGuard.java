package ge.wardops.probe;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What every probe timer does around its round: a tick that finds the previous round still running
 * is skipped and counted (rounds delay, never stack), and a round that fails as a whole is counted
 * and logged so that the next tick simply tries again. It remembers how the rounds went
 * ({@link #health()}): a failing prober is a verdict in the health checks, not only a log line.
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
    private final Instant startedAt = Instant.now();
    private volatile Instant lastTickAt;
    private volatile Instant lastAttemptAt;
    private volatile Instant lastSuccessAt;
    private volatile int consecutiveFailures;
    private volatile String lastError;
    private volatile Instant lastFailureAt;

    /** Registers {@code <prefix>_rounds_skipped} and {@code <prefix>_round_failures}; {@code name} is for log lines. */
    RoundGuard(String name, String prefix, MetricRegistry metrics) {
        this.name = name;
        this.skipped = metrics.counter(prefix + "_rounds_skipped");
        this.failures = metrics.counter(prefix + "_round_failures");
    }

    void tick(Round round) {
        // Every tick counts as a sign of life, also one skipped because a long round still runs:
        // liveness asks whether the timer still fires; whether rounds finish is readiness' question.
        lastTickAt = Instant.now();
        if (!running.compareAndSet(false, true)) {
            skipped.inc();
            LOG.warning(() -> name + " round still running at the next tick; this tick is skipped");
            return;
        }
        Instant at = Instant.now();
        lastAttemptAt = at;
        try {
            round.run();
            lastSuccessAt = at;
            consecutiveFailures = 0;
        } catch (RuntimeException e) {
            failures.inc();
            lastError = reason(e);
            lastFailureAt = at;
            consecutiveFailures++;
            LOG.log(Level.SEVERE, name + " round failed; the next tick tries again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.set(false);
        }
    }

    /** How the rounds have gone so far. */
    RoundHealth health() {
        return new RoundHealth(startedAt, lastTickAt, lastAttemptAt, lastSuccessAt, consecutiveFailures, lastError, lastFailureAt);
    }

    /** The failure's own words (e.g. "cannot run fping at /usr/bin/fping: ..."), not a stack trace. */
    private static String reason(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getClass().getSimpleName();
        }
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }
}
