package ge.wardops.notify;

import java.time.Duration;

/**
 * How often a transient failure is retried: at most {@code maxAttempts} sends, waiting
 * {@code firstBackoff}, then twice as long each time, never longer than {@code maxBackoff}.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
    }

    /** The wait after failed attempt {@code attempt} (1-based), before the next one. */
    public Duration backoffAfter(int attempt) {
        long millis = firstBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 1));
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }
}
