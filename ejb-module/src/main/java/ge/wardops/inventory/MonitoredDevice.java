package ge.wardops.inventory;

import java.net.InetAddress;

/**
 * What a probe round needs to know of a device: where to send packets and the labels its
 * samples carry (so a chart can be filtered by branch, region or type without a join).
 */
public record MonitoredDevice(long id, InetAddress address, DeviceType type, String branch, String region) {
}
