package ge.wardops.audit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Retention of the audit log: off unless {@code wardops.audit.retention-days} is set (the default
 * keeps everything forever). When set, every {@code wardops.audit.retention-check-hours} the rows
 * older than that many days are archived to {@code wardops.audit.archive-dir} and only then
 * removed, in batches of {@code wardops.audit.archive-batch} rows, one file and one transaction per
 * batch (see {@link AuditArchive}). Each run is itself audited (ARCHIVE, with the file and range) and
 * ends with a signed anchor of the chain head ({@link AuditAnchoring}).
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "ClusterNode"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class AuditRetention {

    @jakarta.ejb.EJB
    ge.wardops.cluster.ClusterNode cluster;


    private static final Logger LOG = Logger.getLogger(AuditRetention.class.getName());

    @Inject
    AuditSettings settings;

    @Resource(lookup = "jdbc/wardops")
    DataSource dataSource;

    @Resource
    TimerService timers;

    @Resource
    jakarta.transaction.UserTransaction tx;

    @jakarta.ejb.EJB
    AuditLog audit;

    @jakarta.ejb.EJB
    AuditAnchoring anchoring;

    @PostConstruct
    void start() {
        if (settings.retentionDays().isEmpty()) {
            LOG.info("Audit retention: keep forever (wardops.audit.retention-days not set)");
            return;
        }
        if (settings.retentionDays().get() < 1) {
            throw new IllegalArgumentException("wardops.audit.retention-days must be 1 or more, not " + settings.retentionDays().get());
        }
        timers.createIntervalTimer(TimeUnit.MINUTES.toMillis(5), TimeUnit.HOURS.toMillis(settings.retentionCheckHours()),
                new TimerConfig("audit-retention", false));
        LOG.info(() -> "Audit retention: rows older than " + settings.retentionDays().get() + " days are archived to "
                + settings.archiveDir().toAbsolutePath() + " and then removed");
    }

    @Timeout
    void run() {
        if (!cluster.leader()) {
            return; // once per cluster: the leader archives
        }
        try {
            archiveOlderThan(Instant.now().minus(Duration.ofDays(settings.retentionDays().get())));
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "Audit retention failed; nothing was removed that is not archived, will retry", e);
        }
    }

    /** Archives and removes every row before {@code cutoff}; answers how many. */
    long archiveOlderThan(Instant cutoff) throws Exception {
        long total = 0;
        while (true) {
            AuditArchive.Result result;
            tx.begin();
            try (Connection db = dataSource.getConnection()) {
                result = AuditArchive.archive(db, cutoff, settings.archiveDir(), settings.archiveBatch());
                tx.commit();
            } catch (Exception e) {
                try {
                    tx.rollback();
                } catch (Exception alreadyOver) {
                    e.addSuppressed(alreadyOver);
                }
                throw e;
            }
            if (result.rows() > 0) {
                // After the commit and apart from it: the checkpoint row already records the archive.
                audit.recordApart(AuditLog.SYSTEM, null, AuditAction.ARCHIVE, "audit_event", String.valueOf(result.lastId()),
                        result.rows() + " rows " + result.firstId() + ".." + result.lastId() + " older than " + cutoff
                                + " archived to " + result.file().toAbsolutePath() + " and removed; last hash " + result.lastHash());
            }
            total += result.rows();
            if (result.rows() < settings.archiveBatch()) {
                // every archive run leaves a signed anchor of the head outside the database
                anchoring.anchorNow();
                return total;
            }
        }
    }
}
