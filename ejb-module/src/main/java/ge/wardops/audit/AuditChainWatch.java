package ge.wardops.audit;

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
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Checks the audit chain every {@code wardops.audit.verify-minutes} and says so loudly when it is
 * broken: a SEVERE log line naming the first bad row and the metric
 * {@code wardops_audit_chain_intact} at 0, for monitoring to alert on, and an {@link AuditChainBroken}
 * event, which the alert engine turns into a CRITICAL system alert.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "ClusterNode"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class AuditChainWatch {

    @jakarta.ejb.EJB
    ge.wardops.cluster.ClusterNode cluster;


    private static final Logger LOG = Logger.getLogger(AuditChainWatch.class.getName());

    @Inject
    AuditSettings settings;

    @Resource
    TimerService timers;

    @EJB
    AuditChain chain;

    @Inject
    MetricRegistry metrics;

    @Inject
    Event<AuditChainBroken> broken;

    /** 1 intact, 0 broken, -1 not checked yet. */
    private final AtomicInteger intact = new AtomicInteger(-1);

    @PostConstruct
    void start() {
        metrics.gauge("wardops_audit_chain_intact", intact::get);
        long period = TimeUnit.MINUTES.toMillis(settings.verifyMinutes());
        timers.createIntervalTimer(TimeUnit.SECONDS.toMillis(30), period, new TimerConfig("audit-chain-watch", false));
    }

    @Timeout
    void check() {
        try {
            ChainReport report = chain.verify();
            intact.set(report.intact() ? 1 : 0);
            if (!report.intact()) {
                LOG.severe(() -> "AUDIT LOG TAMPERED: the hash chain breaks at audit event " + report.firstBrokenId()
                        + " (" + report.rowsChecked() + " rows checked)");
                if (cluster.leader()) {
                    broken.fire(new AuditChainBroken(report)); // one system alert per cluster; every node's health says it
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The audit chain could not be checked; will retry", e);
        }
    }
}
