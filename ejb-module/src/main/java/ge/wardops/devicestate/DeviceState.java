package ge.wardops.devicestate;

import java.io.Serializable;
import java.time.Instant;

/**
 * The current availability of one device and the counters debounce needs. Immutable: a round
 * replaces the entry, so readers never see a half-updated state.
 *
 * @param since       when the current status began (for UNKNOWN: when monitoring began)
 * @param rttMs       the last round's average round-trip time, null when nothing answered
 * @param lossPercent the last round's packet loss
 * @param failedRounds consecutive rounds without any answer
 * @param goodRounds  consecutive rounds with at least one answer
 */
public record DeviceState(long deviceId, DeviceStatus status, Instant since, Double rttMs, double lossPercent,
                          int failedRounds, int goodRounds, Instant lastProbe) implements Serializable {

    public static DeviceState unknown(long deviceId, Instant since) {
        return new DeviceState(deviceId, DeviceStatus.UNKNOWN, since, null, 100, 0, 0, null);
    }

    public static DeviceState down(long deviceId, Instant since) {
        return new DeviceState(deviceId, DeviceStatus.DOWN, since, null, 100, 0, 0, null);
    }
}
