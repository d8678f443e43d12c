package ge.wardops.notify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/**
 * The one home of the notification settings ({@code wardops.notify.*}) and of the SMTP server email
 * channels send through ({@code wardops.mail.*}); each default's reason is in docs/configuration.md.
 */
@ApplicationScoped
public class NotifySettings {

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

    /** How often unacknowledged alerts are checked against the routes' escalation times: at most a minute late. */
    @Inject
    @ConfigProperty(name = "wardops.notify.escalation-scan-seconds", defaultValue = "60")
    long escalationScanSeconds;

    public String consoleUrl() {
        return consoleUrl;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public int workers() {
        return workers;
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(maxAttempts, Duration.ofMillis(backoffMillis), Duration.ofMillis(maxBackoffMillis));
    }

    public Duration webhookConnectTimeout() {
        return Duration.ofMillis(webhookConnectTimeout);
    }

    public Duration webhookTimeout() {
        return Duration.ofMillis(webhookTimeout);
    }

    public WebhookDestinations webhookDestinations() {
        return WebhookDestinations.allowing(webhookAllowedDestinations.orElse(null));
    }

    public MailSettings mail() {
        return new MailSettings(smtpHost, smtpPort, mailFrom, smtpUser.orElse(null), smtpPassword.orElse(null), startTls, ssl,
                smtpTimeout);
    }

    public Duration escalationScan() {
        return Duration.ofSeconds(Math.max(1, escalationScanSeconds));
    }
}
