package ge.wardops.fleet;

import ge.wardops.inventory.DeviceType;

/** What the live views show of a device besides its status: the inventory side, copied once. */
public record FleetDevice(long id, String name, String ip, DeviceType type, String vendor, long branchId,
                          String branchName, long regionId, String regionName, boolean enabled) {
}
