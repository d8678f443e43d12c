package ge.wardops.probe;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the availability rounds work: the health checks', the console banner's and the
 * probing-failed system alert's one source. Probing is <em>failing</em> when
 * {@code failedRoundsAlert} rounds in a row failed as a whole (fping missing, not executable,
 * killed), or when no round has succeeded for that many intervals plus one (a timer that stopped,
 * a round that never ends).
 *
 * @param enabled           wardops.probe.icmp.enabled
 * @param interval          the round interval
 * @param failedRoundsAlert wardops.probe.icmp.failed-rounds-alert
 * @param rounds            how the rounds went
 * @param lastRound         what the last completed round saw, null before the first
 */
public record ProbingStatus(boolean enabled, Duration interval, int failedRoundsAlert, RoundHealth rounds,
                            ProbeRoundSummary lastRound) {

    public boolean failing(Instant now) {
        if (!enabled) {
            return false;
        }
        if (rounds.consecutiveFailures() >= failedRoundsAlert) {
            return true;
        }
        Instant since = rounds.lastSuccessAt() != null ? rounds.lastSuccessAt() : rounds.startedAt();
        return Duration.between(since, now).compareTo(interval.multipliedBy(failedRoundsAlert + 1L)) > 0;
    }

    /** The reason to show people: the last failure's, or a stalled timer. */
    public String reason(Instant now) {
        if (rounds.consecutiveFailures() > 0 && rounds.lastError() != null) {
            return rounds.lastError();
        }
        Instant since = rounds.lastSuccessAt() != null ? rounds.lastSuccessAt() : rounds.startedAt();
        return "no availability round has completed for " + Duration.between(since, now).toSeconds() + " s";
    }

    /** Seconds since the last completed round, or null before the first. */
    public Long lastSuccessAgeSeconds(Instant now) {
        return rounds.lastSuccessAt() == null ? null : Duration.between(rounds.lastSuccessAt(), now).toSeconds();
    }
}
