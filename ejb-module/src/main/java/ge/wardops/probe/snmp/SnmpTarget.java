package ge.wardops.probe.snmp;

import ge.wardops.inventory.credentials.SnmpCredentials;

import java.net.InetAddress;
import java.util.Objects;

/** One agent to poll: the device it belongs to, where it listens and how to authenticate. */
public record SnmpTarget(long deviceId, InetAddress address, int port, SnmpCredentials credentials) {

    /** The port agents listen on unless the inventory says otherwise (RFC 3417). */
    public static final int DEFAULT_PORT = 161;

    public SnmpTarget {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(credentials, "credentials");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }
}
