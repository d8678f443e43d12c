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
 * <li>{@code periodMs} 200 (-p): least gap between two packets to one device, every round: branch
 *     routers rate-limit ICMP to their control plane, so a device's round packets stay ~200 ms apart.
 *     With full chunks the gap is longer: a pass over 2,500 targets at -i 0.25 takes 625 ms, so each
 *     device of a big fleet sees one packet every 625 ms whatever the period. In a smaller fleet the
 *     period is what the round takes: three packets 200 ms apart plus the last one's timeout, ~1 s at
 *     875 devices (1.6 s at the earlier 500), and a silent device is known to have failed the round
 *     only then, so it bounds how soon an outage is seen (docs/probing.md). Was 500, and 1000 (Zabbix's
 *     1 s) before that, which with -i 1 made 10,000 devices take 8.5 s of the 10 s round interval
 *     (deployment/bench/probe).</li>
 * <li>{@code intervalMs} 0.25 (-i): gap between any two packets of one process: 4,000 packets/s
 *     per process, 16,000 packets/s (~11 Mbit/s of 84-byte packets) while four processes run for
 *     ~2 s of each round; 30,000 packets a round, 3,000 packets/s averaged over the 10 s interval.
 *     Harmless for a data-centre uplink, and each device still gets only 3 packets a round. Was 1 (1,000 packets/s per process); 10,000 devices then
 *     need 8.5 s, too close to the 10 s interval. fping 5.1 accepts fractions and 0 even without
 *     root (measured); 0 floods and is for loopback tests only.</li>
 * <li>{@code retries} 0 (-r): count mode sends {@code count} packets anyway; retries would only
 *     stretch a cycle.</li>
 * <li>{@code chunkSize} 2500: targets per fping process; at -i 0.25 -C 3 one chunk takes
 *     ~2.6 s (measured), a quarter of the 10 s round interval.</li>
 * <li>{@code parallelProcesses} 4: 10,000 devices in one wave of four chunks: 2.6 s for bare fping,
 *     3.6 s for the application's full round (deployment/bench/probe, docs/performance.md, 2026-12-07;
 *     2.8 s on 2026-11-28, when a round did less), so 20,000 devices (two waves, ~7 s estimated)
 *     would still fit in the 10 s interval.</li>
 * <li>{@code processTimeout} 60 s: several times a full chunk's run; a process still alive then is
 *     hung and is killed with anything it started.</li>
 * <li>{@code confirmation}: the quick re-probes of the devices a round left undecided, see
 *     {@link Confirmation}.</li>
 * </ul>
 */
public record IcmpSettings(Path fpingPath, int count, int timeoutMs, int periodMs, double intervalMs, int retries,
                           int chunkSize, int parallelProcesses, Duration processTimeout, Confirmation confirmation) {

    /**
     * Confirmation probes: a device that failed a round (or answered again while DOWN) is probed
     * again at once, with only the other undecided devices and their topology parents, instead of
     * waiting for the next full rounds; each confirmation counts for debounce like a round. Defaults
     * and why:
     * <ul>
     * <li>{@code probes} 1: with down-after-rounds 2 the failed round and one confirmation decide
     *     DOWN; with up-after-rounds 2 one confirmation decides UP. A parent joined for its failing
     *     children may take down-after-rounds confirmations (it answered the round). 0 turns
     *     confirmation off (a device is then decided by full rounds only, as before). One probe of
     *     many packets instead of several of few: each probe ends with a timeout's wait for its last
     *     answer, so two probes of 4 packets take 0.5 s longer than one of 8 and count the same packets.</li>
     * <li>{@code gapMs} 1000: least time from one confirmation's start to the next one's, when a
     *     parent needs a second (the probe's own time counts towards it; a silent device's probe
     *     takes ~0.9 s, so the next begins 0.1 s after the previous ends).</li>
     * <li>{@code count} 8 (fping -C): a lossy path is what could make a round and its confirmation
     *     lose everything: at 30 % random loss a round loses all 3 packets 2.7 % of the time, a
     *     confirmation all 8 only 0.007 %, so a false DOWN needs 0.027 &times; 0.3<sup>8</sup> =
     *     1.8e-6 per device and round (about one in 50 ten-minute runs of 200 such devices;
     *     deployment/bench/detect measures it), the same as the round and two 4-packet
     *     confirmations before.</li>
     * <li>{@code periodMs} 50 (fping -p): 8 packets in 0.35 s plus the timeout, so a confirmation
     *     takes ~0.9 s and DOWN comes ~2 s after the round's first lost packet. Faster than a round's
     *     packets because it is not every round: a burst of 8 to a device that has just failed a
     *     round. A router's ICMP policer (a token bucket) lets the first packets of a burst through
     *     after a quiet round and drops only the excess, and one answer is enough, so a policer
     *     cannot make a live device DOWN. What it costs: the 11 silent packets that make DOWN span
     *     ~1.4 s (the round's 0.4 s, its timeout, the confirmation's 0.35 s), so a total blackout of
     *     about 1.5 s is an outage; confirm-period-ms 200 makes that ~2.5 s for 1 s more to DOWN.</li>
     * </ul>
     */
    public record Confirmation(int probes, int gapMs, int count, int periodMs) {

        public Confirmation {
            require(probes >= 0 && probes <= 10, "confirmation probes must be 0..10, was " + probes);
            require(gapMs >= 0 && gapMs <= 60_000, "confirmation gapMs must be 0..60000, was " + gapMs);
            require(count >= 1 && count <= 100, "confirmation count must be 1..100, was " + count);
            require(periodMs >= 1, "confirmation periodMs must be at least 1, was " + periodMs);
        }

        public static Confirmation defaults() {
            return new Confirmation(1, 1000, 8, 50);
        }
    }

    /** The settings without confirmation details: confirmation at its defaults. */
    public IcmpSettings(Path fpingPath, int count, int timeoutMs, int periodMs, double intervalMs, int retries,
                        int chunkSize, int parallelProcesses, Duration processTimeout) {
        this(fpingPath, count, timeoutMs, periodMs, intervalMs, retries, chunkSize, parallelProcesses, processTimeout,
                Confirmation.defaults());
    }

    public IcmpSettings {
        Objects.requireNonNull(fpingPath, "fpingPath");
        Objects.requireNonNull(processTimeout, "processTimeout");
        Objects.requireNonNull(confirmation, "confirmation");
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
        return new IcmpSettings(Path.of("/usr/bin/fping"), 3, 500, 200, 0.25, 0, 2500, 4, Duration.ofSeconds(60));
    }

    public IcmpSettings withFpingPath(Path path) {
        return new IcmpSettings(path, count, timeoutMs, periodMs, intervalMs, retries, chunkSize, parallelProcesses, processTimeout,
                confirmation);
    }

    public IcmpSettings withPacing(int periodMs, double intervalMs) {
        return new IcmpSettings(fpingPath, count, timeoutMs, periodMs, intervalMs, retries, chunkSize, parallelProcesses, processTimeout,
                confirmation);
    }

    public IcmpSettings withChunking(int chunkSize, int parallelProcesses) {
        return new IcmpSettings(fpingPath, count, timeoutMs, periodMs, intervalMs, retries, chunkSize, parallelProcesses, processTimeout,
                confirmation);
    }

    public IcmpSettings withProcessTimeout(Duration timeout) {
        return new IcmpSettings(fpingPath, count, timeoutMs, periodMs, intervalMs, retries, chunkSize, parallelProcesses, timeout,
                confirmation);
    }

    public IcmpSettings withConfirmation(Confirmation confirmation) {
        return new IcmpSettings(fpingPath, count, timeoutMs, periodMs, intervalMs, retries, chunkSize, parallelProcesses, processTimeout,
                confirmation);
    }

    /**
     * How a confirmation probe runs fping: the confirmation's packet count and period, everything
     * else as in a round. Its subsets are small, so the pacing between devices hardly matters.
     */
    public IcmpSettings forConfirmation() {
        return new IcmpSettings(fpingPath, confirmation.count(), timeoutMs, confirmation.periodMs(), intervalMs, retries, chunkSize,
                parallelProcesses, processTimeout, confirmation);
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
     * How many targets of a batch of {@code targets} one fping process takes: the batch spread evenly
     * over the {@link #parallelProcesses()}, no more than {@link #chunkSize()}, and no fewer than
     * {@value #LEAST_SPREAD_CHUNK} (a confirmation's few devices stay one process). A process sends
     * its targets one {@link #intervalMs()} apart, so a pass over 875 targets takes 219 ms in one
     * process and 55 ms in four; its last packets, and with them the round's verdicts, come that much
     * sooner. 10,000 targets are four chunks of 2,500 either way.
     */
    public int chunkSizeFor(int targets) {
        int spread = (targets + parallelProcesses - 1) / parallelProcesses;
        return Math.min(chunkSize, Math.max(LEAST_SPREAD_CHUNK, spread));
    }

    /** Below this many targets a batch is not spread over several processes. */
    static final int LEAST_SPREAD_CHUNK = 100;

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
