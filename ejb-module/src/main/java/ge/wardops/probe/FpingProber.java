package ge.wardops.probe;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ICMP availability by fping, the tool Zabbix and LibreNMS use: one fping process per chunk of the
 * batch (the batch spread evenly over the processes, {@link IcmpSettings#chunkSizeFor(int)}), at most
 * {@link IcmpSettings#parallelProcesses()} of them at a time across all callers, each
 * fed its targets on stdin and read for its -C summary. Every process is killed, with anything it
 * started, once {@link IcmpSettings#processTimeout()} has passed.
 */
public class FpingProber implements AvailabilityProber, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FpingProber.class.getName());
    /** fping 5.1 exits 1 when some target did not answer and 2 when an address was not found: both are results. */
    private static final int LAST_NORMAL_EXIT = 2;
    /** Grace for a killed process to be reaped before we stop waiting for it. */
    private static final long REAP_SECONDS = 5;

    private final IcmpSettings settings;
    private final ExecutorService chunkRunners;
    private final ScheduledExecutorService watchdog;

    public FpingProber(IcmpSettings settings) {
        this(settings, daemonThreads());
    }

    /** @param threads where the lead passes the container's ManagedThreadFactory */
    public FpingProber(IcmpSettings settings, ThreadFactory threads) {
        this.settings = settings;
        this.chunkRunners = Executors.newFixedThreadPool(settings.parallelProcesses(), threads);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(threads);
    }

    @Override
    public List<PingResult> probe(List<ProbeTarget> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        // Devices sharing an address are pinged once and share the answer; fping would otherwise
        // print two lines for one address and halve its send rate to it.
        List<InetAddress> addresses = new ArrayList<>(new LinkedHashSet<>(batch.stream().map(ProbeTarget::address).toList()));
        List<Future<ChunkRun>> runs = new ArrayList<>();
        int size = settings.chunkSizeFor(addresses.size());
        for (int from = 0; from < addresses.size(); from += size) {
            List<InetAddress> chunk = addresses.subList(from, Math.min(addresses.size(), from + size));
            runs.add(chunkRunners.submit(() -> run(chunk)));
        }
        Map<InetAddress, PingResultSource> answers = collect(runs);
        List<PingResult> results = new ArrayList<>(batch.size());
        for (ProbeTarget target : batch) {
            results.add(answers.get(target.address()).resultFor(target.deviceId(), settings.count()));
        }
        return results;
    }

    /** Waits for every chunk (each bounded by the watchdog), so no process outlives the call, then fails on the first failure. */
    private Map<InetAddress, PingResultSource> collect(List<Future<ChunkRun>> runs) {
        Map<InetAddress, PingResultSource> answers = new HashMap<>();
        ProbeFailedException failure = null;
        for (Future<ChunkRun> run : runs) {
            try {
                ChunkRun done = run.get();
                for (InetAddress address : done.chunk()) {
                    answers.put(address, new PingResultSource(done.summary().timesOf(address), done.at()));
                }
            } catch (ExecutionException e) {
                ProbeFailedException cause = e.getCause() instanceof ProbeFailedException p ? p
                        : new ProbeFailedException("fping chunk failed: " + e.getCause(), e.getCause());
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                runs.forEach(r -> r.cancel(true));
                throw new ProbeFailedException("interrupted while waiting for fping", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        return answers;
    }

    private ChunkRun run(List<InetAddress> chunk) {
        Instant at = Instant.now();
        Process process;
        try {
            process = new ProcessBuilder(settings.command()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ProbeFailedException("cannot run fping at " + settings.fpingPath()
                    + " (IcmpSettings.fpingPath; Debian package fping): " + e.getMessage(), e);
        }
        AtomicBoolean killed = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            killed.set(true);
            killTree(process);
        }, settings.processTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            String output = "";
            boolean exited = false;
            try {
                feed(process.getOutputStream(), chunk);
                output = readAtMost(process, maxOutputChars(chunk.size()));
                exited = process.waitFor(REAP_SECONDS, TimeUnit.SECONDS);
            } catch (IOException e) {
                if (!killed.get()) {
                    throw new ProbeFailedException("fping at " + settings.fpingPath() + " failed while fed or read: " + e.getMessage(), e);
                }
            }
            if (killed.get()) {
                throw new ProbeFailedException("fping did not finish " + chunk.size() + " targets within "
                        + settings.processTimeout() + " (IcmpSettings.processTimeout) and was killed");
            }
            if (!exited) {
                throw new ProbeFailedException("fping closed its output but did not exit within " + REAP_SECONDS + " s; killed");
            }
            return new ChunkRun(chunk, summarise(output, process.exitValue(), chunk.size()), at);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProbeFailedException("interrupted while fping ran", e);
        } finally {
            deadline.cancel(false);
            if (process.isAlive()) {
                killTree(process);
            }
        }
    }

    private FpingSummary summarise(String output, int exit, int targets) {
        FpingSummary summary = new FpingSummary();
        output.lines().forEach(summary::accept);
        boolean usage = summary.otherLines().stream().anyMatch(l -> l.startsWith("Usage:"));
        // fping 5.1 exits 1 for a bad option too, so the usage text is what tells a broken command line.
        if (exit > LAST_NORMAL_EXIT || usage) {
            throw new ProbeFailedException("fping exited " + exit + " with " + excerpt(summary.otherLines())
                    + "; command " + settings.command());
        }
        if (!summary.otherLines().isEmpty() && LOG.isLoggable(Level.FINE)) {
            LOG.fine("fping (" + targets + " targets) also said: " + excerpt(summary.otherLines()));
        }
        return summary;
    }

    private static void feed(OutputStream stdin, List<InetAddress> chunk) throws IOException {
        // fping reads all of stdin before it sends a packet, so writing first and reading after cannot deadlock.
        StringBuilder list = new StringBuilder(chunk.size() * 16);
        for (InetAddress address : chunk) {
            list.append(address.getHostAddress()).append('\n');
        }
        try (stdin) {
            stdin.write(list.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }

    /** One summary line per target plus room for warnings; more than that is not fping talking sense. */
    private int maxOutputChars(int targets) {
        return 64 * 1024 + targets * (64 + 12 * settings.count());
    }

    private static String readAtMost(Process process, int maxChars) throws IOException {
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
            for (int n; (n = reader.read(buffer)) != -1; ) {
                if (out.length() + n > maxChars) {
                    throw new IOException("more than " + maxChars + " characters of output");
                }
                out.append(buffer, 0, n);
            }
        }
        return out.toString();
    }

    /** A wrapper script's children hold the output pipe open after the script dies, so they go first. */
    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String excerpt(List<String> lines) {
        String joined = String.join(" | ", lines.subList(0, Math.min(5, lines.size())));
        return joined.length() <= 500 ? joined : joined.substring(0, 500) + "...";
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "wardops-fping-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        chunkRunners.shutdownNow();
        watchdog.shutdownNow();
    }

    private record ChunkRun(List<InetAddress> chunk, FpingSummary summary, Instant at) {
    }

    /** fping's times for one address, or null when fping printed nothing for it: all lost. */
    private record PingResultSource(FpingSummary.PacketTimes times, Instant at) {

        PingResult resultFor(long deviceId, int sent) {
            return times == null ? PingResult.allLost(deviceId, sent, at) : times.toResult(deviceId, sent, at);
        }
    }
}
