package ge.wardops.probe.snmp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The poller's tunables. Each default works for a bank's branch network polled once a minute;
 * the reason for each is next to it, so whoever changes one knows what they trade.
 *
 * @param localAddress      where the one UDP socket binds. Default 0.0.0.0 (any): answers come
 *                          back on whichever interface routes to the device; tests bind 127.0.0.1.
 * @param timeout           how long one request waits for its answer. Default 2 s: branch routers
 *                          over the bank's WAN answer in well under 300 ms; 2 s spares a busy agent
 *                          without letting a dead one hold a slot long.
 * @param retries           resends after a timeout. Default 1: one lost UDP datagram must not make a
 *                          device look dead; more only delays the verdict on really dead ones
 *                          (dead = timeout × (retries + 1) = 4 s).
 * @param maxInFlight       devices polled at the same time, each with at most one request in flight.
 *                          Default 256: 10,000 devices with 10% dead still finish well inside a
 *                          minute, while bursts stay within the kernel's UDP buffers and the
 *                          firewalls' session tables.
 * @param maxRepetitions    rows per GETBULK answer. Default 10: a seven-column interface walk is then
 *                          70 values, about 3 KB, which branch routers send without tooBig.
 * @param maxVarbindsPerGet scalars asked in one GET. Default 20: older agents refuse bigger PDUs
 *                          with tooBig; a template rarely has more scalars than that anyway.
 * @param maxRowsPerTable   rows one walk may return. Default 10,000: far above any core switch's
 *                          interface count, and it stops a broken agent that never ends its table.
 * @param maxPollTime       the whole poll of one device (discovery, GETs, walks). Default 60 s: a
 *                          device that slow gives nothing useful to a one-minute cycle, and must not
 *                          keep its slot from the others.
 * @param receiveBufferBytes the UDP socket's kernel receive buffer (SO_RCVBUF). Default 2 MiB: 256
 *                          devices answering a walk at once send about 1 MB; a smaller buffer drops
 *                          answers in that burst and turns them into retries. Linux caps it at
 *                          net.core.rmem_max.
 */
public record SnmpPollerSettings(InetAddress localAddress, Duration timeout, int retries, int maxInFlight,
                                 int maxRepetitions, int maxVarbindsPerGet, int maxRowsPerTable,
                                 Duration maxPollTime, int receiveBufferBytes) {

    public SnmpPollerSettings {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxPollTime, "maxPollTime");
        positive("timeout", timeout.toMillis());
        positive("maxPollTime", maxPollTime.toMillis());
        positive("maxInFlight", maxInFlight);
        positive("maxRepetitions", maxRepetitions);
        positive("maxVarbindsPerGet", maxVarbindsPerGet);
        positive("maxRowsPerTable", maxRowsPerTable);
        positive("receiveBufferBytes", receiveBufferBytes);
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
    }

    public static SnmpPollerSettings defaults() {
        return new SnmpPollerSettings(anyLocalAddress(), Duration.ofSeconds(2), 1, 256, 10, 20, 10_000, Duration.ofSeconds(60), 2 * 1024 * 1024);
    }

    public SnmpPollerSettings withLocalAddress(InetAddress address) {
        return new SnmpPollerSettings(address, timeout, retries, maxInFlight, maxRepetitions, maxVarbindsPerGet, maxRowsPerTable, maxPollTime, receiveBufferBytes);
    }

    public SnmpPollerSettings withTimeout(Duration timeout, int retries) {
        return new SnmpPollerSettings(localAddress, timeout, retries, maxInFlight, maxRepetitions, maxVarbindsPerGet, maxRowsPerTable, maxPollTime, receiveBufferBytes);
    }

    public SnmpPollerSettings withMaxInFlight(int maxInFlight) {
        return new SnmpPollerSettings(localAddress, timeout, retries, maxInFlight, maxRepetitions, maxVarbindsPerGet, maxRowsPerTable, maxPollTime, receiveBufferBytes);
    }

    public SnmpPollerSettings withMaxPollTime(Duration maxPollTime) {
        return new SnmpPollerSettings(localAddress, timeout, retries, maxInFlight, maxRepetitions, maxVarbindsPerGet, maxRowsPerTable, maxPollTime, receiveBufferBytes);
    }

    /** How long a dead device takes to be declared unreachable by one request. */
    public Duration unreachableAfter() {
        return timeout.multipliedBy(retries + 1L);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static InetAddress anyLocalAddress() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
