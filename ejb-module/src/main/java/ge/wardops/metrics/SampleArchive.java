package ge.wardops.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where every probe's samples go: VictoriaMetrics, through one writer per server that spools to
 * disk while VictoriaMetrics is away and replays in order when it is back (a timer tries every
 * {@code wardops.vm.replay-seconds}). Nothing from probes is written to PostgreSQL.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SampleArchive {

    private static final Logger LOG = Logger.getLogger(SampleArchive.class.getName());

    @Inject
    MetricsSettings settings;

    @Inject
    MetricRegistry metrics;

    @Resource
    TimerService timers;

    private VictoriaMetricsWriter writer;
    /** Since when samples wait in the spool (VictoriaMetrics away), null while it is empty. */
    private final java.util.concurrent.atomic.AtomicReference<java.time.Instant> spooledSince =
            new java.util.concurrent.atomic.AtomicReference<>();

    @PostConstruct
    void start() {
        Path dir = settings.spoolDir();
        writer = new VictoriaMetricsWriter(settings.writer(), new DiskSpool(dir, settings.spoolMaxBytes()));
        metrics.gauge("wardops_vm_samples_sent_total", writer::sentSamples);
        metrics.gauge("wardops_vm_samples_spooled_total", writer::spooledSamples);
        metrics.gauge("wardops_vm_samples_replayed_total", writer::replayedSamples);
        metrics.gauge("wardops_vm_samples_dropped_total", writer::droppedSamples);
        metrics.gauge("wardops_vm_samples_rejected_total", writer::rejectedSamples);
        metrics.gauge("wardops_vm_samples_pending", writer::pendingSamples);
        long replayMillis = settings.replayInterval().toMillis();
        timers.createIntervalTimer(replayMillis, replayMillis, new TimerConfig("vm-replay", false));
        LOG.info(() -> "Samples go to " + settings.insertUrl() + " and are read from " + settings.selectUrl() + ", spool in " + dir);
    }

    @PreDestroy
    void stop() {
        writer.close();
    }

    /** Stores samples; never throws for an unreachable VictoriaMetrics (they are spooled). */
    public void write(List<Sample> samples) {
        if (!samples.isEmpty()) {
            writer.write(samples);
            notePending();
        }
    }

    public long pendingSamples() {
        return writer.pendingSamples();
    }

    /** Stores derived points now or not at all ({@link VictoriaMetricsWriter#writeNow}); false while samples wait in the spool. */
    public boolean writeNow(List<Sample> samples) {
        return writer.pendingSamples() == 0 && writer.writeNow(samples);
    }

    /** Since when samples have waited in the spool, empty while nothing waits; for the health check. */
    public Optional<java.time.Instant> spooledSince() {
        return writer.pendingSamples() == 0 ? Optional.empty() : Optional.ofNullable(spooledSince.get());
    }

    /** The VictoriaMetrics this node writes to (the insert prefix). */
    public URI url() {
        return settings.insertUrl();
    }

    /** The VictoriaMetrics this node reads from (the select prefix). */
    public URI selectUrl() {
        return settings.selectUrl();
    }

    private void notePending() {
        if (writer.pendingSamples() > 0) {
            spooledSince.compareAndSet(null, java.time.Instant.now());
        } else {
            spooledSince.set(null);
        }
    }

    @Timeout
    void replay() {
        try {
            long[] oldest = {Long.MAX_VALUE};
            long replayed = writer.replayPending(t -> oldest[0] = Math.min(oldest[0], t));
            notePending();
            if (oldest[0] != Long.MAX_VALUE) {
                // Late samples: hours already rolled up may lack them; reports read those hours raw from now on.
                java.time.Instant since = java.time.Instant.ofEpochMilli(oldest[0]);
                List<Sample> marks = PingQueries.staleMarks(since, java.time.Instant.now());
                writer.write(marks);
                LOG.info(() -> "Samples from " + since + " on arrived late: " + marks.size() + " hour(s) marked stale for the rollups");
            }
            if (replayed > 0) {
                LOG.info(() -> "Replayed " + replayed + " spooled samples to VictoriaMetrics");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Replay to VictoriaMetrics failed; will retry", e);
        }
    }
}
