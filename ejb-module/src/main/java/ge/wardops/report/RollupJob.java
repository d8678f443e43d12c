package ge.wardops.report;

import ge.wardops.cluster.ClusterNode;
import ge.wardops.metrics.SampleArchive;
import ge.wardops.metrics.VictoriaMetricsReader;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the hourly rollups ({@link HourlyRollup}) up to date, once per cluster: every
 * {@code wardops.reports.rollup-minutes} the leader rolls up each hour that ended at least
 * {@code wardops.reports.rollup-lag-minutes} ago and has no row yet, newest first, back to
 * {@code wardops.reports.rollup-catch-up-days} (after an install or an outage it catches up, at most
 * {@code wardops.reports.rollup-budget-seconds} per run). It waits while this node's spool holds
 * samples (they would arrive after the rollup); samples any node replays late mark every hour from
 * theirs on stale ({@code SampleArchive}), whenever that is, so reports read those hours raw.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "ClusterNode", "SampleArchive"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RollupJob {

    private static final Logger LOG = Logger.getLogger(RollupJob.class.getName());
    /** Hours claimed together and looked at in one query for samples. */
    private static final int CLAIM_BATCH = 168;

    @EJB
    ClusterNode cluster;

    @EJB
    RollupStore store;

    @EJB
    SampleArchive archive;

    @Inject
    VictoriaMetricsReader reader;

    @Inject
    ReportSettings settings;

    @Resource
    TimerService timers;

    private final AtomicBoolean running = new AtomicBoolean();

    @PostConstruct
    void start() {
        long period = settings.rollupEvery().toMillis();
        timers.createIntervalTimer(Math.min(period, 60_000), period, new TimerConfig("ping-hour-rollups", false));
    }

    @Timeout
    void tick() {
        if (!cluster.leader() || !running.compareAndSet(false, true)) {
            return;
        }
        try {
            int n = catchUp(Instant.now());
            if (n > 0) {
                LOG.fine(() -> n + " hour(s) of ping samples rolled up");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Rolling up ping hours failed; the next run tries again (reports read raw samples meanwhile): " + e, e);
        } finally {
            running.set(false);
        }
    }

    /** One run at {@code now}; how many hours were rolled up. */
    int catchUp(Instant now) {
        if (archive.pendingSamples() > 0) {
            LOG.fine("Samples wait in the spool: no rollups until they are in VictoriaMetrics");
            return 0;
        }
        store.abandonOld(now.minus(Duration.ofHours(1)));
        Instant end = now.minus(settings.rollupLag()).truncatedTo(ChronoUnit.HOURS);
        Instant start = end.minus(settings.rollupCatchUp());
        long deadline = System.nanoTime() + settings.rollupBudget().toNanos();
        HourlyRollup rollup = new HourlyRollup(reader, archive::writeNow);
        int rolled = 0;
        while (System.nanoTime() < deadline) {
            List<Instant> claimed = store.unclaimed(start, end, CLAIM_BATCH).stream()
                    .filter(h -> store.claim(h, ReportScheduler.NODE)).toList();
            if (claimed.isEmpty()) {
                break;
            }
            java.util.Set<Instant> withSamples;
            try {
                // One look for the whole batch: hours without any sample are recorded without a query each.
                withSamples = rollup.hoursWithSamples(claimed.get(claimed.size() - 1), claimed.get(0).plus(Duration.ofHours(1)));
            } catch (RuntimeException e) {
                claimed.forEach(store::release);
                throw e;
            }
            for (int i = 0; i < claimed.size(); i++) {
                if (!withSamples.contains(claimed.get(i))) {
                    store.finish(claimed.get(i), 0);
                    rolled++;
                    continue;
                }
                Instant hour = claimed.get(i);
                int devices;
                try {
                    devices = rollup.roll(hour);
                } catch (RuntimeException e) {
                    // Not read (VictoriaMetrics away): nothing written; these hours wait for the next run.
                    claimed.subList(i, claimed.size()).forEach(store::release);
                    throw e;
                }
                store.finish(hour, devices);
                if (devices < 0) {
                    LOG.warning(() -> "The rollup of " + hour + " was not stored; reports read that hour's raw samples");
                } else {
                    rolled++;
                }
            }
        }
        return rolled;
    }
}
