package ge.wardops.events;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The kernel buffer each UDP receiver asks for: 16 MiB, what rides out a second or more of a
 * 10,000-per-second trap and syslog flood while the receiving thread waits for a CPU (the probe
 * rounds, a garbage collection). Linux grants at most {@code net.core.rmem_max} (often 208 KiB);
 * packets beyond the buffer are dropped by the kernel before the receiver sees them, uncounted by
 * it. A start on a host with a lower cap logs a WARNING naming the sysctl (docs/events.md).
 */
final class ReceiveBuffers {

    static final int WANTED = 16 << 20;
    private static final Path RMEM_MAX = Path.of("/proc/sys/net/core/rmem_max");

    private ReceiveBuffers() {
    }

    /**
     * {@code net.core.rmem_max}, or -1 where it cannot be read. Read line-wise: {@code Files.readString}
     * answers only the first byte of this /proc file (it trusts the file's reported size).
     */
    static long kernelCap() {
        try (var reader = Files.newBufferedReader(RMEM_MAX)) {
            String line = reader.readLine();
            return line == null ? -1 : Long.parseLong(line.strip());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /** Warns when the kernel caps the {@code socket}'s buffer below {@link #WANTED}; silent where /proc has no such file. */
    static void warnIfCapped(Logger log, String socket) {
        long cap = kernelCap();
        if (cap >= 0 && cap < WANTED) {
            log.log(Level.WARNING, () -> "The " + socket + " receive buffer is capped at " + cap + " bytes by net.core.rmem_max (asked: "
                    + WANTED + "); a flood the receiver cannot read at once is dropped by the kernel, uncounted. On the server: "
                    + "sysctl -w net.core.rmem_max=" + WANTED + " (and in /etc/sysctl.d to keep it), see docs/events.md");
        }
    }
}
