package ge.wardops.notify;

import ge.wardops.alerting.AlertEngine;
import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.AlertTransition;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    @Inject
    NotificationRouting routing;

    @Inject
    DeliveryLog log;

    @Inject
    AlertEngine engine;

    @Inject
    @ConfigProperty(name = "wardops.timezone", defaultValue = "Asia/Tbilisi")
    String timezone;

    @Inject
    @ConfigProperty(name = "wardops.notify.console-url", defaultValue = "http://localhost:8080/console")
    String consoleUrl;

    @Inject
    @ConfigProperty(name = "wardops.notify.queue-capacity", defaultValue = "1000")
    int queueCapacity;

    @Inject
    @ConfigProperty(name = "wardops.notify.workers", defaultValue = "4")
    int workers;

    @Inject
    @ConfigProperty(name = "wardops.notify.max-attempts", defaultValue = "4")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "wardops.notify.backoff-ms", defaultValue = "1000")
    long backoffMillis;

    @Inject
    @ConfigProperty(name = "wardops.notify.max-backoff-ms", defaultValue = "30000")
    long maxBackoffMillis;

    @Inject
    @ConfigProperty(name = "wardops.notify.webhook.connect-timeout-ms", defaultValue = "3000")
    long webhookConnectTimeout;

    @Inject
    @ConfigProperty(name = "wardops.notify.webhook.timeout-ms", defaultValue = "10000")
    long webhookTimeout;

    /** Addresses or CIDR ranges a webhook may reach although they are loopback, link-local or this server's (WebhookDestinations). */
    @Inject
    @ConfigProperty(name = "wardops.notify.webhook.allowed-destinations")
    Optional<String> webhookAllowedDestinations;

    @Inject
    @ConfigProperty(name = "wardops.mail.smtp.host", defaultValue = "127.0.0.1")
    String smtpHost;

    @Inject
    @ConfigProperty(name = "wardops.mail.smtp.port", defaultValue = "25")
    int smtpPort;

    @Inject
    @ConfigProperty(name = "wardops.mail.from", defaultValue = "wardops@localhost")
    String mailFrom;

    @Inject
    @ConfigProperty(name = "wardops.mail.smtp.user")
    Optional<String> smtpUser;

    @Inject
    @ConfigProperty(name = "wardops.mail.smtp.password")
    Optional<String> smtpPassword;

    @Inject
    @ConfigProperty(name = "wardops.mail.smtp.starttls", defaultValue = "false")
    boolean startTls;

    @Inject
    @ConfigProperty(name = "wardops.mail.smtp.ssl", defaultValue = "false")
    boolean ssl;

    @Inject
    @ConfigProperty(name = "wardops.mail.smtp.timeout-ms", defaultValue = "10000")
    int smtpTimeout;

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
        NoticeFormat format = new NoticeFormat(ZoneId.of(timezone));
        MailSettings mail = new MailSettings(smtpHost, smtpPort, mailFrom, smtpUser.orElse(null), smtpPassword.orElse(null),
                startTls, ssl, smtpTimeout);
        destinations = WebhookDestinations.allowing(webhookAllowedDestinations.orElse(null));
        dispatcher = new NotificationDispatcher(executor, queueCapacity, workers, new EmailSender(mail, format),
                new WebhookSender(Duration.ofMillis(webhookConnectTimeout), Duration.ofMillis(webhookTimeout), format, destinations),
                new RetryPolicy(maxAttempts, Duration.ofMillis(backoffMillis), Duration.ofMillis(maxBackoffMillis)),
                this::record);
        for (ChannelKind kind : ChannelKind.values()) {
            Tag tag = new Tag("channel", kind.name().toLowerCase(Locale.ROOT));
            sent.put(kind, metrics.counter("wardops_notifications_sent", tag));
            failed.put(kind, metrics.counter("wardops_notifications_failed", tag));
            dropped.put(kind, metrics.counter("wardops_notifications_dropped", tag));
        }
        droppedUnrouted = metrics.counter("wardops_notifications_dropped", new Tag("channel", UNROUTED));
        LOG.info(() -> "Notifications: " + mail + ", queue " + queueCapacity + ", " + workers + " workers, "
                + maxAttempts + " attempts");
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
                || t.kind() == AlertTransition.Kind.COMMENTED) {
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
        return new QueueState(dispatcher.waiting(), queueCapacity, dispatcher.dropped());
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
        return Notice.test(Instant.now(), consoleUrl);
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
