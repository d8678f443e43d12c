package ge.wardops.devicestate;

import java.time.Instant;

/**
 * Where a device stands now, as callers see it: its {@link DeviceState} without the debounce
 * counters. A disabled device is not probed, so it shows UNKNOWN whatever it last was.
 *
 * @param since     when the current status began (for UNKNOWN: when monitoring began)
 * @param rttMs     the last round's average round-trip time, null when nothing answered
 * @param lastProbe when the last round probed it, null before its first round
 */
public record LiveStatus(DeviceStatus status, Instant since, Double rttMs, double lossPercent, Instant lastProbe) {

    public static LiveStatus of(DeviceState state, boolean enabled) {
        return new LiveStatus(enabled ? state.status() : DeviceStatus.UNKNOWN, state.since(), state.rttMs(), state.lossPercent(),
                state.lastProbe());
    }
}
