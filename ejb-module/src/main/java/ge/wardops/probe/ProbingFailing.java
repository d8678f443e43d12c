package ge.wardops.probe;

import java.time.Instant;

/**
 * Fired after each failed availability round once {@code rounds} reached
 * wardops.probe.icmp.failed-rounds-alert: the alert engine raises the {@code system:probing} alert.
 * Rounds that succeed again resolve it (the engine sees them as {@code StateChanges}).
 */
public record ProbingFailing(int rounds, String reason, Instant at) {
}
