package ge.wardops.probe;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How fping is run. Defaults (see {@link #defaults()}) and why:
 * <ul>
 * <li>{@code fpingPath} /usr/bin/fping: where Debian's fping package puts it (setcap cap_net_raw,
 *     so the server needs no root).</li>
 * <li>{@code count} 3 (fping -C): one lost packet is then 33% loss, not a down device.</li>
 * <li>{@code timeoutMs} 500 (-t): a branch WAN round trip is tens of ms; 500 ms is late enough to
 *     be a real loss. 0 makes every packet count as lost (measured).</li>
 * <li>{@code periodMs} 1000 (-p): gap between packets to one device; routers rate-limit ICMP to their
 *     control plane, and 1 s apart is what Zabbix sends, so a loss is a loss.</li>
 * <li>{@code intervalMs} 1 (-i): gap between any two packets of one process: 1,000 packets/s per
 *     process stays below what a branch firewall's flood protection notices. fping 5.1 accepts
 *     fractions and 0 even without root (measured); 0 floods and is for loopback tests only.</li>
 * <li>{@code retries} 0 (-r): count mode sends {@code count} packets anyway; retries would only
 *     stretch a cycle.</li>
 * <li>{@code chunkSize} 2500: targets per fping process; at -i 1 and -C 3 one chunk takes ~8 s
 *     (measured 8.3 s), well inside a 30 s cycle.</li>
 * <li>{@code parallelProcesses} 4: 10,000 devices in one wave of four chunks (8-9.5 s measured)
 *     while the send rate stays at 4,000 packets/s.</li>
 * <li>{@code processTimeout} 60 s: several times a full chunk's run; a process still alive then is
 *     hung and is killed with anything it started.</li>
 * </ul>
 */
public record IcmpSettings(Path fpingPath, int count, int timeoutMs, int periodMs, double intervalMs, int retries,
                           int chunkSize, int parallelProcesses, Duration processTimeout) {

    public IcmpSettings {
        Objects.requireNonNull(fpingPath, "fpingPath");
        Objects.requireNonNull(processTimeout, "processTimeout");
        require(count >= 1 && count <= 100, "count must be 1..100, was " + count);
        require(timeoutMs >= 1, "timeoutMs must be at least 1 (0 makes fping count every packet lost), was " + timeoutMs);
        require(periodMs >= 1, "periodMs must be at least 1, was " + periodMs);
        require(intervalMs >= 0 && Double.isFinite(intervalMs), "intervalMs must be 0 or more, was " + intervalMs);
        require(retries >= 0, "retries must be 0 or more, was " + retries);
        require(chunkSize >= 1 && chunkSize <= 100_000, "chunkSize must be 1..100000, was " + chunkSize);
        require(parallelProcesses >= 1 && parallelProcesses <= 64, "parallelProcesses must be 1..64, was " + parallelProcesses);
        Duration least = leastChunkDuration(count, timeoutMs, periodMs, intervalMs, chunkSize);
        require(processTimeout.compareTo(least) > 0, "processTimeout " + processTimeout + " is shorter than a full chunk needs at"
                + " these settings (" + least.toMillis() + " ms); every run would be killed");
    }

    public static IcmpSettings defaults() {
        return new IcmpSettings(Path.of("/usr/bin/fping"), 3, 500, 1000, 1.0, 0, 2500, 4, Duration.ofSeconds(60));
    }

    public IcmpSettings withFpingPath(Path path) {
        return new IcmpSettings(path, count, timeoutMs, periodMs, intervalMs, retries, chunkSize, parallelProcesses, processTimeout);
    }

    public IcmpSettings withPacing(int periodMs, double intervalMs) {
        return new IcmpSettings(fpingPath, count, timeoutMs, periodMs, intervalMs, retries, chunkSize, parallelProcesses, processTimeout);
    }

    public IcmpSettings withChunking(int chunkSize, int parallelProcesses) {
        return new IcmpSettings(fpingPath, count, timeoutMs, periodMs, intervalMs, retries, chunkSize, parallelProcesses, processTimeout);
    }

    public IcmpSettings withProcessTimeout(Duration timeout) {
        return new IcmpSettings(fpingPath, count, timeoutMs, periodMs, intervalMs, retries, chunkSize, parallelProcesses, timeout);
    }

    /**
     * The fping command line for one chunk. -q -C prints one summary line per target at the end;
     * -A keeps targets as addresses (no reverse DNS); -f - reads targets from stdin, so a chunk of
     * thousands never hits the argv limit or shows up in ps.
     */
    List<String> command() {
        return List.of(fpingPath.toString(), "-q", "-A", "-C", Integer.toString(count), "-t", Integer.toString(timeoutMs),
                "-p", Integer.toString(periodMs), "-i", plain(intervalMs), "-r", Integer.toString(retries), "-f", "-");
    }

    /**
     * fping cannot finish a full chunk faster than this: rounds start a period apart but no sooner
     * than the previous round's packets, sent one interval apart, are out; the last reply may take
     * a full timeout.
     */
    static Duration leastChunkDuration(int count, int timeoutMs, int periodMs, double intervalMs, int chunkSize) {
        double round = chunkSize * intervalMs;
        return Duration.ofMillis((long) Math.ceil((count - 1) * Math.max(periodMs, round) + round + timeoutMs));
    }

    private static String plain(double value) {
        // fping parses "0.5" but not "5.0E-1".
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
