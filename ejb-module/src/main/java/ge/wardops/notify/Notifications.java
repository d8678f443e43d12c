package ge.wardops.notify;

import ge.wardops.alerting.AlertEngine;
import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.AlertTransition;
import ge.wardops.shared.SiteSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The notifier: observes {@link AlertTransition} (fired by the alert engine after its commit) and
 * only queues it; routing, claiming and sending run on the dispatcher's workers on the server's
 * ManagedExecutorService, so a slow or failing channel never holds up evaluation. Counts what it
 * sent, gave up on and dropped in {@code wardops_notifications_sent/failed/dropped{channel=...}}.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class.getName());
    /** The dropped counter's label for a transition dropped before its channels were known. */
    static final String UNROUTED = "unrouted";

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    @Inject
    MetricRegistry metrics;

    @EJB
    NotificationRouting routing;

    @EJB
    DeliveryLog log;

    @Inject
    SiteSettings site;

    @Inject
    AlertEngine engine;

    @Inject
    NotifySettings settings;

    private NotificationDispatcher dispatcher;
    private WebhookDestinations destinations;
    private final Map<ChannelKind, Counter> sent = new EnumMap<>(ChannelKind.class);
    private final Map<ChannelKind, Counter> failed = new EnumMap<>(ChannelKind.class);
    private final Map<ChannelKind, Counter> dropped = new EnumMap<>(ChannelKind.class);
    private Counter droppedUnrouted;

    /** Where webhooks may send; the channels' form checks a URL with it when it is saved. */
    public WebhookDestinations webhookDestinations() {
        return destinations;
    }

    @PostConstruct
    void start() {
        NoticeFormat format = new NoticeFormat(site.zone());
        MailSettings mail = settings.mail();
        destinations = settings.webhookDestinations();
        dispatcher = new NotificationDispatcher(executor, settings.queueCapacity(), settings.workers(), new EmailSender(mail, format),
                new WebhookSender(settings.webhookConnectTimeout(), settings.webhookTimeout(), format, destinations),
                settings.retryPolicy(), this::record);
        for (ChannelKind kind : ChannelKind.values()) {
            Tag tag = new Tag("channel", kind.name().toLowerCase(Locale.ROOT));
            sent.put(kind, metrics.counter("wardops_notifications_sent", tag));
            failed.put(kind, metrics.counter("wardops_notifications_failed", tag));
            dropped.put(kind, metrics.counter("wardops_notifications_dropped", tag));
        }
        droppedUnrouted = metrics.counter("wardops_notifications_dropped", new Tag("channel", UNROUTED));
        LOG.info(() -> "Notifications: " + mail + ", queue " + settings.queueCapacity() + ", " + settings.workers() + " workers, "
                + settings.retryPolicy().maxAttempts() + " attempts");
    }

    @PreDestroy
    void stop() {
        if (dispatcher != null) {
            dispatcher.stop();
        }
    }

    /**
     * The engine's event: queued and nothing else, so the engine's thread returns at once. Fired
     * after the engine's commit it arrives at once; fired inside a transaction it waits for the
     * commit (and a rolled-back change is never notified).
     */
    void onTransition(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertTransition t) {
        if (t.alert() == null || !t.alert().notifiable() || t.kind() == AlertTransition.Kind.ACKNOWLEDGED
                || t.kind() == AlertTransition.Kind.COMMENTED || t.kind() == AlertTransition.Kind.REPEATED) {
            return;
        }
        if (!dispatcher.submit(() -> route(t), t.kind() + " of alert " + t.alert().id())) {
            droppedUnrouted.inc();
        }
    }

    /** The queue's state for the health check: waiting work, its bound, work dropped since start. */
    public record QueueState(int waiting, int capacity, long dropped) {
    }

    public QueueState queue() {
        return new QueueState(dispatcher.waiting(), settings.queueCapacity(), dispatcher.dropped());
    }

    /** Claims and queues the escalations that are due; the escalation timer calls it. */
    public int escalate() {
        List<Delivery> due = routing.dueEscalations(claim -> notice(NoticeKind.ESCALATED, claim.alert(), Instant.now()));
        due.forEach(dispatcher::deliver);
        return due.size();
    }

    /** Sends a test message on the caller's thread and counts it like any other. */
    DeliveryOutcome sendTest(Delivery d) {
        DeliveryOutcome outcome = dispatcher.sendNow(d);
        count(outcome);
        return outcome;
    }

    Notice testNotice() {
        return Notice.test(Instant.now(), settings.consoleUrl());
    }

    private void route(AlertTransition t) {
        if (t.kind() == AlertTransition.Kind.FIRING && engine.withdrawn(t.alert().id())) {
            // Suppressed under its parent while this notice waited in the queue: one outage, one page.
            LOG.fine(() -> "FIRING notice of alert " + t.alert().id() + " withdrawn: suppressed under its parent's alert");
            return;
        }
        List<Delivery> deliveries = routing.plan(t, kind -> notice(kind, t.alert(), t.at() == null ? Instant.now() : t.at()));
        deliveries.forEach(dispatcher::deliver);
    }

    private Notice notice(NoticeKind kind, AlertSnapshot alert, Instant at) {
        return new Notice(kind, alert, at, alertLink(alert.id()));
    }

    String alertLink(long alertId) {
        String consoleUrl = settings.consoleUrl();
        return (consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/") + "alerts.xhtml?alert=" + alertId;
    }

    private void record(DeliveryOutcome outcome) {
        count(outcome);
        if (outcome.delivery().id() != null) {
            try {
                log.finish(outcome.delivery().id(), outcome.status(), outcome.attempts(), outcome.error());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Delivery " + outcome.delivery().id() + " ended " + outcome.status()
                        + " but the log could not be updated", e);
            }
        }
    }

    private void count(DeliveryOutcome outcome) {
        ChannelKind kind = outcome.delivery().channel().kind();
        switch (outcome.status()) {
            case SENT -> sent.get(kind).inc();
            case FAILED -> failed.get(kind).inc();
            case DROPPED -> dropped.get(kind).inc();
            default -> {
            }
        }
    }
}
