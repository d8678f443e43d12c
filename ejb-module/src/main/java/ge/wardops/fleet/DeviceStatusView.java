package ge.wardops.fleet;

import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.inventory.DeviceType;

import java.time.Instant;

/** One row of the live device list: the device, where it stands, and its current status. */
public record DeviceStatusView(long id, String name, String ip, DeviceType type, String vendor,
                               long branchId, String branchName, long regionId, String regionName, boolean enabled,
                               DeviceStatus status, Instant since, Double rttMs, double lossPercent, Instant lastProbe) {
}
