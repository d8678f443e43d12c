package ge.wardops.inventory;

import java.net.InetAddress;

/**
 * What a probe round needs to know of a device: where to send packets, the labels its
 * samples carry (so a chart can be filtered by branch, region or type without a join), and its
 * topology parent (null when it has none), which a confirmation probe checks along with it.
 */
public record MonitoredDevice(long id, InetAddress address, DeviceType type, long branchId, String branch, String region, Long parentId) {
}
