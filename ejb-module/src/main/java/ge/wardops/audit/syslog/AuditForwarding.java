package ge.wardops.audit.syslog;

import ge.wardops.audit.AuditAppended;
import ge.wardops.audit.AuditLog;
import ge.wardops.audit.AuditRecord;
import ge.wardops.audit.AuditSettings;
import ge.wardops.audit.chain.Anchor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Hands every committed audit row to the {@link SyslogForwarder} when
 * {@code wardops.audit.syslog.host} is set; does nothing otherwise. Metrics:
 * {@code wardops_audit_syslog_sent}, {@code _dropped} (queue full), {@code _failed} (network).
 */
@ApplicationScoped
public class AuditForwarding {

    private static final Logger LOG = Logger.getLogger(AuditForwarding.class.getName());

    @Inject
    AuditSettings audit;

    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ManagedThreadFactory threads;

    @Inject
    MetricRegistry metrics;

    private SyslogForwarder forwarder;

    @PostConstruct
    void start() {
        if (audit.syslogHost().isEmpty()) {
            return;
        }
        SyslogSettings settings = new SyslogSettings(audit.syslogHost().get(), audit.syslogPort(), SyslogSettings.protocol(audit.syslogProtocol()),
                SyslogSettings.facility(audit.syslogFacility()), audit.syslogQueueSize(), localName(), audit.syslogTimeoutMillis());
        forwarder = new SyslogForwarder(settings, threads);
        metrics.gauge("wardops_audit_syslog_sent", forwarder::sent);
        metrics.gauge("wardops_audit_syslog_dropped", forwarder::dropped);
        metrics.gauge("wardops_audit_syslog_failed", forwarder::failed);
        LOG.info(() -> "Forwarding audit rows to syslog at " + settings.host() + ":" + settings.port() + " over " + settings.protocol());
    }

    /** Started with the application, so that the metrics exist before the first row. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // Touching the bean is enough: @PostConstruct does the work.
    }

    void forward(@Observes(during = TransactionPhase.AFTER_SUCCESS) AuditAppended appended) {
        if (forwarder != null) {
            forwarder.offer(appended.row());
        }
    }

    /**
     * Sends a signed anchor of the chain head as its own message (action AUDIT_ANCHOR, the anchor as
     * the "after" JSON), so that a copy of every anchor lives in the SIEM too.
     */
    public void forwardAnchor(Anchor anchor) {
        if (forwarder != null) {
            forwarder.offer(new AuditRecord(anchor.lastId(), Instant.now(), AuditLog.SYSTEM, null, "AUDIT_ANCHOR", "audit_chain",
                    String.valueOf(anchor.lastId()), null, null, anchor.toJsonLine(), "signed anchor of the audit chain head",
                    anchor.fromHash(), anchor.lastHash(), null));
        }
    }

    @PreDestroy
    void stop() {
        if (forwarder != null) {
            forwarder.close();
        }
    }

    private static String localName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "wardops";
        }
    }
}
