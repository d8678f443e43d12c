package ge.wardops.notify;

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
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every {@code wardops.notify.escalation-scan-seconds}, escalates alerts that routes say have
 * waited too long for an acknowledgement: alerting names the open, unacknowledged alerts, the routes
 * pick those due, the delivery log claims them, the sending is
 * queued. Every node may scan; the delivery log's claim makes each escalation happen once.
 *
 * <p>The scan runs outside a transaction, so the claims commit (in routing's own transaction) before
 * the sending is queued: inside the timer's transaction a fast webhook could be answered, and its
 * outcome written, before the claimed row was committed — the update then found no row and the
 * delivery stayed PENDING although it was sent.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "ClusterNode"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EscalationScan {

    @jakarta.ejb.EJB
    ge.wardops.cluster.ClusterNode cluster;


    private static final Logger LOG = Logger.getLogger(EscalationScan.class.getName());

    @Inject
    NotifySettings settings;

    @Resource
    TimerService timers;

    @Inject
    Notifications notifications;

    private final AtomicBoolean scanning = new AtomicBoolean();

    @PostConstruct
    void start() {
        long period = settings.escalationScan().toMillis();
        timers.createIntervalTimer(period, period, new TimerConfig("notification-escalation-scan", false));
    }

    @Timeout
    void scan() {
        if (!cluster.leader()) {
            return; // once per cluster: the leader scans (a claim in the delivery log keeps it once even so)
        }
        if (!scanning.compareAndSet(false, true)) {
            return;
        }
        try {
            int n = notifications.escalate();
            if (n > 0) {
                LOG.info(() -> n + " alert escalation(s) queued");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The escalation scan failed; the next one tries again", e);
        } finally {
            scanning.set(false);
        }
    }
}
