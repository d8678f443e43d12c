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
 * <li>{@code periodMs} 500 (-p): least gap between two packets to one device. Branch routers
 *     rate-limit ICMP to their control plane (typically a few per second, bursts above that dropped),
 *     so packets to one device stay at least ~200 ms apart and a loss is a real loss; 500 ms keeps a
 *     wide margin. With full chunks the gap is longer still: a pass over 2,500 targets at -i 0.25
 *     takes 625 ms, so each device sees one packet every 625 ms. Was 1000 (Zabbix's 1 s), which with
 *     -i 1 made 10,000 devices take 8.5 s of the 10 s round interval (deployment/bench/probe).</li>
 * <li>{@code intervalMs} 0.25 (-i): gap between any two packets of one process: 4,000 packets/s
 *     per process, 16,000 packets/s (~11 Mbit/s of 84-byte packets) while four processes run for
 *     ~2 s of each round; 30,000 packets a round, 3,000 packets/s averaged over the 10 s interval.
 *     Harmless for a data-centre uplink, and each device still gets only 3 packets a round. Was 1 (1,000 packets/s per process); 10,000 devices then
 *     need 8.5 s, too close to the 10 s interval. fping 5.1 accepts fractions and 0 even without
 *     root (measured); 0 floods and is for loopback tests only.</li>
 * <li>{@code retries} 0 (-r): count mode sends {@code count} packets anyway; retries would only
 *     stretch a cycle.</li>
 * <li>{@code chunkSize} 2500: targets per fping process; at -i 0.25 -p 500 -C 3 one chunk takes
 *     ~2.6 s (measured), a quarter of the 10 s round interval.</li>
 * <li>{@code parallelProcesses} 4: 10,000 devices in one wave of four chunks: 2.6 s for bare fping,
 *     2.8 s for the application's full round (deployment/bench/probe, docs/performance.md), so
 *     20,000 devices (two waves, ~5.5 s estimated) would still fit in the 10 s interval.</li>
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
        return new IcmpSettings(Path.of("/usr/bin/fping"), 3, 500, 500, 0.25, 0, 2500, 4, Duration.ofSeconds(60));
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
