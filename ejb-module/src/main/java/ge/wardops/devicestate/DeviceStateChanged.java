package ge.wardops.devicestate;

import java.io.Serializable;
import java.time.Instant;

/**
 * A device's status changed in this round. Fired once per round as a CDI event carrying every
 * change of that round (see {@link StateChanges}), so that observers (alerting, live feeds)
 * work on the whole batch at once rather than on one device at a time.
 */
public record DeviceStateChanged(long deviceId, DeviceStatus from, DeviceStatus to, Instant at, Double rttMs,
                                 double lossPercent) implements Serializable {
}
