package ge.wardops.notify;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.Severity;
import ge.wardops.alerting.AlertState;
import ge.wardops.alerting.AlertTransition;
import ge.wardops.testsupport.WebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.StringReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The notifier's logic as its observer runs it (route plan → deliveries → dispatcher → senders),
 * against a real SMTP server (GreenMail) and a real HTTP receiver, both on 127.0.0.1.
 */
class AlertNotificationsTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    private static final NoticeFormat FORMAT = new NoticeFormat(ZoneId.of("Asia/Tbilisi"));
    /** The loopback receivers of these tests, on the allow-list as an administrator would put them. */
    private static final WebhookDestinations RECEIVERS = WebhookDestinations.allowing("127.0.0.1");
    private static final byte[] SECRET = "a-shared-secret-of-the-bank".getBytes(StandardCharsets.UTF_8);
    private static final Instant FIRED = Instant.parse("2026-11-29T12:05:00Z");
    private static final String LINK = "http://wardops.test/console/alerts.xhtml?alert=41";

    private WebhookReceiver hook;
    private ExecutorService pool;
    private final BlockingQueue<DeliveryOutcome> outcomes = new LinkedBlockingQueue<>();
    private ChannelAddress email;
    private ChannelAddress webhook;

    @BeforeEach
    void start() {
        hook = WebhookReceiver.start();
        pool = Executors.newFixedThreadPool(4);
        email = new ChannelAddress(1, "NOC mail", ChannelKind.EMAIL, "noc@bank.test, duty@bank.test", null);
        webhook = new ChannelAddress(2, "NOC hook", ChannelKind.WEBHOOK, hook.url("/hooks/wardops"), SECRET);
    }

    @AfterEach
    void stop() {
        hook.close();
        pool.shutdownNow();
    }

    @Test
    void firingAlertReachesTheEmailAndSignedWebhookOfMatchingRoutesOnly() throws Exception {
        List<Route> routes = List.of(
                new Route(10, "everything to NOC mail", null, Severity.WARNING, null, 1, null, null, true),
                new Route(11, "down in Kvemo Kartli to the hook", 7L, Severity.CRITICAL, 3L, 2, null, null, true),
                new Route(12, "another region", null, Severity.INFO, 99L, 3, null, null, true),
                new Route(13, "disabled", null, Severity.INFO, null, 4, null, null, false));
        AlertTransition firing = new AlertTransition(AlertTransition.Kind.FIRING, alert(null, false, false), "system", null, FIRED);

        List<RoutePlan.Target> targets = RoutePlan.targets(firing, routes, Set.of());
        assertEquals(List.of(new RoutePlan.Target(1, NoticeKind.FIRING, 10L), new RoutePlan.Target(2, NoticeKind.FIRING, 11L)), targets);
        NotificationDispatcher dispatcher = dispatcher(100, 2, 3);
        for (RoutePlan.Target t : targets) {
            assertTrue(dispatcher.deliver(new Delivery(100L + t.channelId(), t.channelId() == 1 ? email : webhook,
                    new Notice(t.kind(), firing.alert(), firing.at(), LINK))));
        }

        assertTrue(SMTP.waitForIncomingEmail(20_000, 1), "the email arrived");
        assertEquals(2, SMTP.getReceivedMessages().length, "one copy per recipient");
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertEquals("[WARD OPS] FIRING CRITICAL: Device down - ATM Rustavi 07 (Rustavi Central, Kvemo Kartli)", mail.getSubject());
        String text = GreenMailUtil.getBody(mail);
        assertTrue(text.contains("Subject:      ATM Rustavi 07"), text);
        assertTrue(text.contains("Message:      ATM Rustavi 07 does not answer ping"), text);
        assertTrue(text.contains("Fired:        2026-11-29 16:05:00 Asia/Tbilisi (2026-11-29T12:05:00Z)"), text);
        assertTrue(text.contains(LINK), text);
        assertEquals("FIRING", mail.getHeader("X-WardOps-Event")[0]);

        WebhookReceiver.Received post = hook.next(20);
        assertNotNull(post, "the webhook was called");
        assertTrue(WebhookSignature.verify(SECRET, post.body(), post.header(WebhookSignature.HEADER)), post.header(WebhookSignature.HEADER));
        assertFalse(WebhookSignature.verify("another-secret-entirely".getBytes(StandardCharsets.UTF_8), post.body(),
                post.header(WebhookSignature.HEADER)));
        assertEquals("FIRING", post.header("X-WardOps-Event"));
        assertEquals("102", post.header("X-WardOps-Delivery"));
        JsonObject body = Json.createReader(new StringReader(post.text())).readObject();
        assertEquals("FIRING", body.getString("event"));
        assertEquals(LINK, body.getString("link"));
        JsonObject a = body.getJsonObject("alert");
        assertEquals(41, a.getInt("id"));
        assertEquals("CRITICAL", a.getString("severity"));
        assertEquals("ATM Rustavi 07", a.getString("subjectName"));
        assertEquals("Rustavi Central", a.getString("branchName"));
        assertEquals("Kvemo Kartli", a.getString("regionName"));
        assertEquals("Device down", a.getString("ruleName"));
        assertEquals("2026-11-29T12:05:00Z", a.getString("triggeredAt"));
        assertEquals("2026-11-29T16:05+04:00", a.getString("triggeredAtLocal"));

        assertEquals(List.of(DeliveryStatus.SENT, DeliveryStatus.SENT), List.of(outcome().status(), outcome().status()));
    }

    @Test
    void resolveNoticeGoesToTheChannelsToldBeforeAndSaysHowLongItLasted() throws Exception {
        Instant resolved = FIRED.plusSeconds(12 * 60 + 5);
        AlertTransition t = new AlertTransition(AlertTransition.Kind.RESOLVED, alert(resolved, false, false), "system", null, resolved);
        List<Route> routes = List.of(new Route(10, "all", null, Severity.INFO, null, 2, null, null, true));

        List<RoutePlan.Target> targets = RoutePlan.targets(t, routes, Set.of(1L));
        assertEquals(List.of(new RoutePlan.Target(1, NoticeKind.RESOLVED, null)), targets, "only the channel told before");
        dispatcher(10, 1, 1).deliver(new Delivery(7L, email, new Notice(NoticeKind.RESOLVED, t.alert(), t.at(), LINK)));

        assertTrue(SMTP.waitForIncomingEmail(20_000, 1));
        MimeMessage mail = SMTP.getReceivedMessages()[0];
        assertTrue(mail.getSubject().startsWith("[WARD OPS] RESOLVED CRITICAL: Device down"), mail.getSubject());
        String text = GreenMailUtil.getBody(mail);
        assertTrue(text.contains("Resolved: ATM Rustavi 07 - Device down after 12 min 5 s"), text);
        assertTrue(text.contains("Resolved:     2026-11-29 16:17:05 Asia/Tbilisi (2026-11-29T12:17:05Z)"), text);
        assertTrue(text.contains("Duration:     12 min 5 s"), text);
        assertEquals(DeliveryStatus.SENT, outcome().status());
    }

    @Test
    void suppressedAndMaintenanceAlertsAndAcknowledgementsNotifyNobody() {
        List<Route> routes = List.of(new Route(10, "all", null, Severity.INFO, null, 1, 5, 2L, true));
        Set<Long> told = Set.of(1L);
        for (AlertTransition.Kind kind : AlertTransition.Kind.values()) {
            assertEquals(List.of(), RoutePlan.targets(new AlertTransition(kind, alert(null, true, false), "system", null, FIRED), routes, told),
                    "suppressed by its parent: " + kind);
            assertEquals(List.of(), RoutePlan.targets(new AlertTransition(kind, alert(null, false, true), "system", null, FIRED), routes, told),
                    "in maintenance: " + kind);
        }
        assertEquals(List.of(), RoutePlan.targets(new AlertTransition(AlertTransition.Kind.ACKNOWLEDGED, alert(null, false, false),
                "anna", "on it", FIRED), routes, told));
        AlertSnapshot warning = new AlertSnapshot(42, 7L, "RTT high", "device:12", "ATM Rustavi 07", 12L, 5L, "Rustavi Central",
                3L, "Kvemo Kartli", Severity.WARNING, AlertState.FIRING, "slow", FIRED, null, null, null, false, null, false, false);
        assertEquals(List.of(), RoutePlan.targets(new AlertTransition(AlertTransition.Kind.FIRING, warning, "system", null, FIRED),
                List.of(new Route(10, "majors and up only", null, Severity.MAJOR, null, 1, null, null, true)), told), "below the route's severity");
    }

    @Test
    void escalationAndFlappingGoWhereTheRoutesSayOncePerChannel() {
        List<Route> routes = List.of(
                new Route(10, "NOC, escalate to the duty manager", null, Severity.WARNING, null, 1, 15, 2L, true),
                new Route(11, "also to NOC, no escalation", null, Severity.INFO, null, 1, null, null, true),
                new Route(12, "critical to the hook, escalates to it too", null, Severity.CRITICAL, null, 2, null, null, true));
        AlertSnapshot a = alert(null, false, false);
        assertEquals(List.of(new RoutePlan.Target(2, NoticeKind.ESCALATED, 10L), new RoutePlan.Target(1, NoticeKind.ESCALATED, 11L)),
                RoutePlan.targets(new AlertTransition(AlertTransition.Kind.ESCALATED, a, "system", null, FIRED), routes, Set.of()));
        assertEquals(List.of(new RoutePlan.Target(1, NoticeKind.FLAPPING, 10L), new RoutePlan.Target(2, NoticeKind.FLAPPING, 12L)),
                RoutePlan.targets(new AlertTransition(AlertTransition.Kind.FLAPPING, a, "system", null, FIRED), routes, Set.of()));
    }

    @Test
    void transientWebhookFailuresAreRetriedWithBackoffUntilItWorks() throws Exception {
        hook.answer(500, 503);
        dispatcher(10, 1, 4).deliver(new Delivery(9L, webhook, firingNotice()));

        DeliveryOutcome outcome = outcome();
        assertEquals(DeliveryStatus.SENT, outcome.status(), String.valueOf(outcome));
        assertEquals(3, outcome.attempts());
        assertEquals(3, hook.requests());
        WebhookReceiver.Received post = hook.next(5);
        assertTrue(WebhookSignature.verify(SECRET, post.body(), post.header(WebhookSignature.HEADER)));
    }

    @Test
    void webhookGivesUpAfterTheLastAttempt() throws Exception {
        hook.answer(500, 502, 503, 504, 500, 500);
        dispatcher(10, 1, 3).deliver(new Delivery(9L, webhook, firingNotice()));

        DeliveryOutcome outcome = outcome();
        assertEquals(DeliveryStatus.FAILED, outcome.status());
        assertEquals(3, outcome.attempts());
        assertTrue(outcome.error().contains("HTTP 503"), outcome.error());
        assertEquals(3, hook.requests());
        assertNull(hook.next(1));
    }

    @Test
    void aRefusalIsNotRetried() throws Exception {
        hook.answer(400);
        dispatcher(10, 1, 4).deliver(new Delivery(9L, webhook, firingNotice()));

        DeliveryOutcome outcome = outcome();
        assertEquals(DeliveryStatus.FAILED, outcome.status());
        assertEquals(1, outcome.attempts());
        assertTrue(outcome.error().contains("HTTP 400"), outcome.error());
        assertEquals(1, hook.requests());
    }

    @Test
    void aWebhookHostThatDoesNotResolveIsRetriedLikeAnIoError() throws Exception {
        // .invalid never resolves (RFC 2606): what a DNS hiccup looks like to the sender.
        ChannelAddress unresolvable = new ChannelAddress(3, "NOC hook", ChannelKind.WEBHOOK,
                "http://wardops-receiver.invalid/hooks/wardops", SECRET);
        dispatcher(10, 1, 3).deliver(new Delivery(11L, unresolvable, firingNotice()));

        DeliveryOutcome outcome = outcome();
        assertEquals(DeliveryStatus.FAILED, outcome.status());
        assertEquals(3, outcome.attempts(), "an unknown host is transient: retried with backoff, not dropped at once");
        assertTrue(outcome.error().contains("not known"), outcome.error());
    }

    @Test
    void anSmtpServerThatIsAwayIsRetriedThenReportedFailed() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        MailSettings away = new MailSettings("127.0.0.1", closedPort, "wardops@bank.test", null, null, false, false, 2000);
        NotificationDispatcher dispatcher = new NotificationDispatcher(pool, 10, 1, new EmailSender(away, FORMAT),
                new WebhookSender(Duration.ofSeconds(1), Duration.ofSeconds(1), FORMAT, RECEIVERS),
                new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(50)), outcomes::add);
        dispatcher.deliver(new Delivery(5L, email, firingNotice()));

        DeliveryOutcome outcome = outcome();
        assertEquals(DeliveryStatus.FAILED, outcome.status());
        assertEquals(2, outcome.attempts(), "connection refused is transient: retried");
        assertTrue(outcome.error().contains("127.0.0.1:" + closedPort), outcome.error());
    }

    @Test
    void aHangingReceiverHoldsUpNoOtherChannel() throws Exception {
        hook.hang();
        NotificationDispatcher dispatcher = dispatcher(10, 2, 2, Duration.ofSeconds(60));
        dispatcher.deliver(new Delivery(1L, webhook, firingNotice()));
        dispatcher.deliver(new Delivery(2L, email, firingNotice()));

        assertTrue(SMTP.waitForIncomingEmail(20_000, 1), "the email went out while the webhook hangs");
        DeliveryOutcome first = outcome();
        assertEquals(email, first.delivery().channel(), "the email finished first");
        assertEquals(DeliveryStatus.SENT, first.status());

        hook.release();
        DeliveryOutcome late = outcome();
        assertEquals(webhook, late.delivery().channel());
        assertEquals(DeliveryStatus.SENT, late.status(), "delivered once the receiver answers");
    }

    @Test
    void aReceiverThatNeverAnswersTimesOutAndIsRetried() throws Exception {
        hook.hang();
        dispatcher(10, 1, 2, Duration.ofSeconds(1)).deliver(new Delivery(1L, webhook, firingNotice()));

        DeliveryOutcome outcome = outcome();
        assertEquals(DeliveryStatus.FAILED, outcome.status());
        assertEquals(2, outcome.attempts(), "a timeout is transient");
        assertTrue(outcome.error().contains("no answer from " + webhook.target() + " within 1000 ms"), outcome.error());
        hook.release();
    }

    @Test
    void aFullQueueDropsAndCountsWorkInsteadOfBlocking() throws Exception {
        hook.hang();
        NotificationDispatcher dispatcher = dispatcher(1, 1, 1);
        assertTrue(dispatcher.deliver(new Delivery(1L, webhook, firingNotice())));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            // The worker is busy with the first; one more fits in the queue, then nothing does.
            while (dispatcher.waiting() > 0) {
                Thread.sleep(10);
            }
            assertTrue(dispatcher.deliver(new Delivery(2L, webhook, firingNotice())));
            assertFalse(dispatcher.deliver(new Delivery(3L, email, firingNotice())));
        });
        DeliveryOutcome dropped = outcomes.poll(5, TimeUnit.SECONDS);
        assertNotNull(dropped);
        assertEquals(DeliveryStatus.DROPPED, dropped.status());
        assertEquals(3L, dropped.delivery().id());
        assertEquals(1, dispatcher.dropped());
        hook.release();
    }

    // ------------------------------------------------------------------------------- helpers

    private NotificationDispatcher dispatcher(int capacity, int workers, int attempts) {
        return dispatcher(capacity, workers, attempts, Duration.ofSeconds(3));
    }

    private NotificationDispatcher dispatcher(int capacity, int workers, int attempts, Duration webhookTimeout) {
        MailSettings mail = new MailSettings("127.0.0.1", SMTP.getSmtp().getPort(), "wardops@bank.test", null, null,
                false, false, 5000);
        return new NotificationDispatcher(pool, capacity, workers, new EmailSender(mail, FORMAT),
                new WebhookSender(Duration.ofSeconds(2), webhookTimeout, FORMAT, RECEIVERS),
                new RetryPolicy(attempts, Duration.ofMillis(50), Duration.ofMillis(200)), outcomes::add);
    }

    private DeliveryOutcome outcome() throws InterruptedException {
        DeliveryOutcome o = outcomes.poll(30, TimeUnit.SECONDS);
        assertNotNull(o, "a delivery outcome within 30 s");
        return o;
    }

    private static Notice firingNotice() {
        return new Notice(NoticeKind.FIRING, alert(null, false, false), FIRED, LINK);
    }

    private static AlertSnapshot alert(Instant resolvedAt, boolean suppressed, boolean inMaintenance) {
        return new AlertSnapshot(41, 7L, "Device down", "device:12", "ATM Rustavi 07", 12L, 5L, "Rustavi Central", 3L,
                "Kvemo Kartli", Severity.CRITICAL, resolvedAt == null ? AlertState.FIRING : AlertState.RESOLVED, "ATM Rustavi 07 does not answer ping",
                FIRED, null, null, resolvedAt, suppressed, suppressed ? 40L : null, inMaintenance, false);
    }
}
