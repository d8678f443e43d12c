package ge.wardops.probe;

import java.time.Instant;

/**
 * What the last completed availability round saw, in the words the run command prints
 * ("875 devices probed: 875 up, 0 down"). {@code unknown} are devices not yet decided (a new
 * device that has not answered, before its debounce calls it DOWN).
 */
public record ProbeRoundSummary(Instant at, int devices, int up, int down, int unknown, long millis) {
}
