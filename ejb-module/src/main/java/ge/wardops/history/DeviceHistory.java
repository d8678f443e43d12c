package ge.wardops.history;

import java.time.Instant;
import java.util.List;

/**
 * A device's ping series over one range, as the API answers it. Each point is
 * {@code [epochMillis, value]}; a step without samples has no point (a gap, never a fake 0).
 */
public record DeviceHistory(long deviceId, Instant from, Instant to, long stepSeconds, List<List<Number>> rttMs,
                            List<List<Number>> lossPercent, List<List<Number>> availabilityPercent) {

    static DeviceHistory empty(long deviceId, HistoryRange range) {
        return new DeviceHistory(deviceId, range.from(), range.to(), range.stepSeconds(), List.of(), List.of(), List.of());
    }
}
