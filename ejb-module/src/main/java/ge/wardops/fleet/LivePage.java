package ge.wardops.fleet;

import java.util.List;

/** One page of the live device list and how many devices matched in all. */
public record LivePage(List<DeviceStatusView> items, long total, int page, int size) {
}
