package ge.wardops.probe;

import java.time.Instant;

/**
 * How a probe timer's rounds have gone: for health checks, the console's banner and the
 * probing-failed system alert. {@code lastError} is the last failed round's reason (kept after a
 * success, for the record); {@code consecutiveFailures} is 0 once a round succeeds.
 *
 * @param startedAt           when the timer was set up (rounds are judged only after a grace period from it)
 * @param lastTickAt          when the timer last fired, also for a tick skipped because a round still ran; null before the first
 * @param lastAttemptAt       when the last round started, null before the first
 * @param lastSuccessAt       when the last round that completed started, null before the first
 * @param consecutiveFailures rounds failed as a whole since the last success
 * @param lastError           the last failure's reason, null if none yet
 * @param lastFailureAt       when that failure happened
 */
public record RoundHealth(Instant startedAt, Instant lastTickAt, Instant lastAttemptAt, Instant lastSuccessAt, int consecutiveFailures,
                          String lastError, Instant lastFailureAt) {
}
