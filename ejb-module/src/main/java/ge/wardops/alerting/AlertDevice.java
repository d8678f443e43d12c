package ge.wardops.alerting;

import ge.wardops.inventory.DeviceType;

import java.util.Set;

/** A device as rules and windows see it: the inventory facts a scope or a message can name. */
public record AlertDevice(long id, String name, String ip, DeviceType type, long branchId, String branchName,
                          long regionId, String regionName, Long parentId, Set<String> tags, Set<Long> groupIds,
                          boolean enabled) {
}
