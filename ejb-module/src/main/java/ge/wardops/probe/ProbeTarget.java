package ge.wardops.probe;

import java.net.InetAddress;
import java.util.Objects;

/** One device to probe: the inventory id its result is reported under, and the address to ping. */
public record ProbeTarget(long deviceId, InetAddress address) {

    public ProbeTarget {
        Objects.requireNonNull(address, "address");
    }
}
