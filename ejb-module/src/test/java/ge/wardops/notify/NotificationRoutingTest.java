package ge.wardops.notify;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.AlertingLookups;
import ge.wardops.alerting.Severity;
import ge.wardops.alerting.AlertState;
import ge.wardops.alerting.AlertTransition;
import ge.wardops.security.SecretBox;
import ge.wardops.testsupport.MigratedSchema;
import ge.wardops.testsupport.WebhookReceiver;
import jakarta.persistence.EntityManager;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the observer does with an alert transition, on the real schema in PostgreSQL (the
 * Flyway migrations in a schema of their own, Hibernate as on the server): routes and channels
 * are read, notices claimed in the delivery log exactly once, the webhook secret decrypted and
 * used, and the escalation scan's one statement claims only what is due. Sends go to GreenMail
 * and a webhook receiver on 127.0.0.1.
 */
class NotificationRoutingTest {

    private static final String SCHEMA = "notify_test";
    private static final byte[] KEY = new byte[32];

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort());

    private static SessionFactory jpa;
    private static Connection db;
    private static final SecretBox SECRETS = SecretBox.withKey(KEY);

    private EntityManager em;
    private NotificationRouting routing;
    private DeliveryLog log;
    private WebhookReceiver hook;
    private ExecutorService pool;
    private final BlockingQueue<DeliveryOutcome> outcomes = new LinkedBlockingQueue<>();
    private String run;
    private long region;
    private long branch;

    @BeforeAll
    static void migrate() throws SQLException {
        MigratedSchema schema = MigratedSchema.fresh(SCHEMA);
        db = schema.connection();
        jpa = new Configuration()
                .addAnnotatedClass(NotificationChannel.class).addAnnotatedClass(NotificationRoute.class)
                .addAnnotatedClass(NotificationDelivery.class)
                .setProperty("hibernate.connection.url", schema.schemaUrl())
                .setProperty("hibernate.connection.username", schema.user())
                .setProperty("hibernate.connection.password", schema.password())
                .setProperty("hibernate.connection.pool_size", "2")
                .setProperty("hibernate.hbm2ddl.auto", "none")
                .setProperty("hibernate.jdbc.time_zone", "UTC")
                .buildSessionFactory();
    }

    @AfterAll
    static void close() throws SQLException {
        jpa.close();
        db.close();
    }

    @BeforeEach
    void setUp() throws SQLException {
        em = jpa.createEntityManager();
        NotificationRoutes routes = new NotificationRoutes();
        routes.em = em;
        NotificationChannels channels = new NotificationChannels();
        channels.em = em;
        channels.secrets = SECRETS;
        log = new DeliveryLog();
        log.em = em;
        routing = new NotificationRouting();
        routing.routes = routes;
        routing.channels = channels;
        routing.log = log;
        routing.alerting = new AlertingLookups(em);
        hook = WebhookReceiver.start();
        pool = Executors.newFixedThreadPool(2);
        run = UUID.randomUUID().toString().substring(0, 8);
        // Routes of earlier tests must not match this test's alerts.
        execute("UPDATE notification_routes SET enabled = false");
        region = id("INSERT INTO regions (name, code) VALUES (?, ?) RETURNING id", "Kvemo Kartli " + run, "KK" + run);
        branch = id("INSERT INTO branches (region_id, name, code) VALUES (?, ?, ?) RETURNING id", region, "Rustavi " + run, "RB" + run);
    }

    @AfterEach
    void tearDown() {
        em.close();
        hook.close();
        pool.shutdownNow();
    }

    @Test
    void aFiringAlertIsClaimedOnceAndReachesItsChannelsWithTheDecryptedSecret() throws Exception {
        long mail = channel("EMAIL", "noc-" + run + "@bank.test", null);
        long webhook = channel("WEBHOOK", hook.url("/hook"), "secret-of-the-hook-" + run);
        route(null, "WARNING", region, mail, null, null);
        route(null, "CRITICAL", null, webhook, null, null);
        route(null, "INFO", id("INSERT INTO regions (name, code) VALUES (?, ?) RETURNING id", "Other " + run, "OT" + run),
                channel("EMAIL", "elsewhere-" + run + "@bank.test", null), null, null);
        AlertSnapshot alert = alert("CRITICAL", 2, false);
        AlertTransition firing = new AlertTransition(AlertTransition.Kind.FIRING, alert, "system", null, Instant.now());

        List<Delivery> deliveries = inTransaction(() -> routing.plan(firing, kind -> notice(kind, alert)));
        assertEquals(Set.of(mail, webhook), channelsOf(deliveries));
        assertEquals(List.of(), inTransaction(() -> routing.plan(firing, kind -> notice(kind, alert))), "claimed once: a second event sends nothing");
        send(deliveries);

        assertTrue(SMTP.waitForIncomingEmail(20_000, 1));
        assertEquals("noc-" + run + "@bank.test", SMTP.getReceivedMessages()[0].getAllRecipients()[0].toString());
        WebhookReceiver.Received post = hook.next(20);
        assertNotNull(post);
        assertTrue(WebhookSignature.verify(("secret-of-the-hook-" + run).getBytes(StandardCharsets.UTF_8), post.body(),
                post.header(WebhookSignature.HEADER)), "signed with the secret stored sealed");
        assertEquals(List.of("FIRING SENT 1", "FIRING SENT 1"), strings("SELECT kind || ' ' || status || ' ' || attempts "
                + "FROM notification_deliveries WHERE alert_id = ? ORDER BY id", alert.id()));
    }

    @Test
    void theResolveNoticeGoesToTheChannelsThatHeardItFiredOnce() throws Exception {
        long mail = channel("EMAIL", "noc-" + run + "@bank.test", null);
        long later = channel("EMAIL", "later-" + run + "@bank.test", null);
        route(null, "WARNING", null, mail, null, null);
        AlertSnapshot alert = alert("MAJOR", 30, false);
        send(inTransaction(() -> routing.plan(new AlertTransition(AlertTransition.Kind.FIRING, alert, "system", null, Instant.now()),
                kind -> notice(kind, alert))));
        route(null, "INFO", null, later, null, null); // added after it fired: not told it is resolved

        AlertSnapshot resolved = resolved(alert);
        AlertTransition t = new AlertTransition(AlertTransition.Kind.RESOLVED, resolved, "system", null, resolved.resolvedAt());
        List<Delivery> deliveries = inTransaction(() -> routing.plan(t, kind -> notice(kind, resolved)));
        assertEquals(Set.of(mail), channelsOf(deliveries));
        assertEquals(NoticeKind.RESOLVED, deliveries.get(0).notice().kind());
        assertEquals(List.of(), inTransaction(() -> routing.plan(t, kind -> notice(kind, resolved))));
    }

    @Test
    void anEscalationIsSentOnceWhetherTheEngineOrTheScanAsksFirst() throws Exception {
        long mail = channel("EMAIL", "noc-" + run + "@bank.test", null);
        long duty = channel("WEBHOOK", hook.url("/duty"), "duty-secret-" + run + "-xx");
        route(null, "MAJOR", region, mail, 5, duty);
        AlertSnapshot byEngine = fired(alert("CRITICAL", 10, false));
        AlertSnapshot byScan = fired(alert("CRITICAL", 10, false));

        List<Delivery> engine = inTransaction(() -> routing.plan(new AlertTransition(AlertTransition.Kind.ESCALATED, byEngine,
                "system", null, Instant.now()), kind -> notice(kind, byEngine)));
        assertEquals(Set.of(duty), channelsOf(engine));
        List<Delivery> scan = inTransaction(() -> routing.dueEscalations(c -> notice(NoticeKind.ESCALATED, c.alert())));
        assertEquals(List.of(byScan.id()), scan.stream().map(d -> d.notice().alert().id()).toList(), "the scan claims only the other one");
        assertEquals("Rustavi " + run, scan.get(0).notice().alert().branchName());
        assertEquals("Kvemo Kartli " + run, scan.get(0).notice().alert().regionName());
        assertEquals(List.of(), inTransaction(() -> routing.plan(new AlertTransition(AlertTransition.Kind.ESCALATED, byScan,
                "system", null, Instant.now()), kind -> notice(kind, byScan))), "the engine's event after the scan sends nothing");
        assertEquals(List.of(), inTransaction(() -> routing.dueEscalations(c -> notice(NoticeKind.ESCALATED, c.alert()))));

        send(scan);
        WebhookReceiver.Received post = hook.next(20);
        assertNotNull(post);
        assertTrue(WebhookSignature.verify(("duty-secret-" + run + "-xx").getBytes(StandardCharsets.UTF_8), post.body(),
                post.header(WebhookSignature.HEADER)), "the scan's claim opens the sealed secret too");
        assertTrue(post.text().contains("\"event\":\"ESCALATED\""), post.text());
    }

    @Test
    void anOutcomeForAClaimNotYetCommittedIsRefusedNotLost() throws Exception {
        long duty = channel("WEBHOOK", hook.url("/duty"), "duty-secret-" + run + "-xx");
        route(null, "MAJOR", region, duty, 5, duty);
        fired(alert("CRITICAL", 10, false));

        // The claim's transaction still open (as it was when the escalation timer's transaction held it):
        // the worker's update, on another connection, cannot see the row.
        em.getTransaction().begin();
        List<Delivery> due = routing.dueEscalations(c -> notice(NoticeKind.ESCALATED, c.alert()));
        assertEquals(1, due.size());
        long id = due.get(0).id();
        EntityManager worker = jpa.createEntityManager();
        try {
            DeliveryLog workerLog = new DeliveryLog();
            workerLog.em = worker;
            worker.getTransaction().begin();
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> workerLog.finish(id, DeliveryStatus.SENT, 1, null));
            assertTrue(refused.getMessage().contains(String.valueOf(id)), refused.getMessage());
            worker.getTransaction().rollback();

            em.getTransaction().commit();
            worker.getTransaction().begin();
            workerLog.finish(id, DeliveryStatus.SENT, 1, null);
            worker.getTransaction().commit();
        } finally {
            worker.close();
        }
        assertEquals(List.of("SENT"), strings("SELECT status FROM notification_deliveries WHERE id = ?", id));
    }

    @Test
    void theScanLeavesAloneWhatIsNotDueOrWasNeverNotified() throws Exception {
        long mail = channel("EMAIL", "noc-" + run + "@bank.test", null);
        long duty = channel("EMAIL", "duty-" + run + "@bank.test", null);
        route(null, "MAJOR", region, mail, 15, duty);
        AlertSnapshot due = fired(alert("MAJOR", 20, false));
        fired(alert("MAJOR", 5, false));                                        // not 15 minutes old yet
        fired(alert("WARNING", 20, false));                                     // below the route's severity
        alert("CRITICAL", 20, false);                                           // never notified (maintenance, say)
        AlertSnapshot acknowledged = fired(alert("CRITICAL", 20, false));
        execute("UPDATE alerts SET acknowledged_at = now(), acknowledged_by = 'anna', state = 'ACKNOWLEDGED' WHERE id = ?", acknowledged.id());
        AlertSnapshot child = fired(alert("CRITICAL", 20, false));
        execute("UPDATE alerts SET parent_alert_id = ? WHERE id = ?", due.id(), child.id());
        AlertSnapshot resolved = fired(alert("CRITICAL", 20, false));
        execute("UPDATE alerts SET resolved_at = now(), state = 'RESOLVED' WHERE id = ?", resolved.id());

        List<Delivery> scan = inTransaction(() -> routing.dueEscalations(c -> notice(NoticeKind.ESCALATED, c.alert())));
        assertEquals(List.of(due.id()), scan.stream().map(d -> d.notice().alert().id()).toList());
        assertEquals(duty, scan.get(0).channel().id());
    }

    @Test
    void theScanMatchesRegionsAsFiringRoutingDoesAndTakesADevicesBranchFromTheDevice() throws Exception {
        long otherRegion = id("INSERT INTO regions (name, code) VALUES (?, ?) RETURNING id", "Imereti " + run, "IM" + run);
        long mail = channel("EMAIL", "noc-" + run + "@bank.test", null);
        long here = channel("EMAIL", "duty-here-" + run + "@bank.test", null);
        long there = channel("EMAIL", "duty-there-" + run + "@bank.test", null);
        route(null, "INFO", region, mail, 10, here);
        route(null, "INFO", otherRegion, mail, 10, there);             // another region: never escalates these alerts
        long device = id("INSERT INTO devices (name, ip, device_type, branch_id) VALUES (?, ?::inet, 'ATM', ?) RETURNING id",
                "ATM " + run, "127.0.0.42", branch);
        // A device's alert whose row names no branch: the branch (and so the region) is the device's.
        long deviceAlert = id("INSERT INTO alerts (device_id, subject_key, severity, state, message, triggered_at) VALUES (?, ?, 'MAJOR',"
                + " 'FIRING', 'no ping', now() - interval '20 minutes') RETURNING id", device, "device:" + device + ":" + run);
        execute("INSERT INTO notification_deliveries (alert_id, channel_name, channel_kind, kind, status, attempts)"
                + " VALUES (?, 'earlier', 'EMAIL', 'FIRING', 'SENT', 1)", deviceAlert);
        AlertSnapshot branchAlert = fired(alert("WARNING", 20, false));
        AlertSnapshot dropped = alert("CRITICAL", 20, false);          // its FIRING notice was dropped: never notified
        execute("INSERT INTO notification_deliveries (alert_id, channel_name, channel_kind, kind, status, attempts)"
                + " VALUES (?, 'earlier', 'EMAIL', 'FIRING', 'DROPPED', 0)", dropped.id());

        List<Delivery> scan = inTransaction(() -> routing.dueEscalations(c -> notice(NoticeKind.ESCALATED, c.alert())));
        assertEquals(List.of(deviceAlert, branchAlert.id()), scan.stream().map(d -> d.notice().alert().id()).toList());
        assertEquals(Set.of(here), channelsOf(scan));
        AlertSnapshot byDevice = scan.get(0).notice().alert();
        assertEquals("ATM " + run, byDevice.subjectName());
        assertEquals("Rustavi " + run, byDevice.branchName());
        assertEquals(region, byDevice.regionId());
        assertEquals("Kvemo Kartli " + run, byDevice.regionName());
        assertEquals(List.of("ESCALATED " + here, "ESCALATED " + here), strings("SELECT kind || ' ' || channel_id FROM notification_deliveries"
                + " WHERE alert_id IN (?, ?, ?) AND kind = 'ESCALATED' ORDER BY id", deviceAlert, branchAlert.id(), dropped.id()));
    }

    @Test
    void twoScansAtOnceClaimAnEscalationOnce() throws Exception {
        long mail = channel("EMAIL", "noc-" + run + "@bank.test", null);
        long duty = channel("EMAIL", "duty-" + run + "@bank.test", null);
        route(null, "MAJOR", region, mail, 5, duty);
        AlertSnapshot due = fired(alert("CRITICAL", 10, false));
        EntityManager other = jpa.createEntityManager();
        try {
            NotificationRouting second = routingOn(other);
            em.getTransaction().begin();
            List<Delivery> first = routing.dueEscalations(c -> notice(NoticeKind.ESCALATED, c.alert()));
            assertEquals(List.of(due.id()), first.stream().map(d -> d.notice().alert().id()).toList());
            // The second node scans while the first has claimed but not committed: its claim waits on
            // the unique index, and after the first commits it finds the escalation taken.
            var racing = pool.submit(() -> {
                other.getTransaction().begin();
                List<Delivery> found = second.dueEscalations(c -> notice(NoticeKind.ESCALATED, c.alert()));
                other.getTransaction().commit();
                return found;
            });
            Thread.sleep(300);
            em.getTransaction().commit();
            em.clear();
            assertEquals(List.of(), racing.get(30, TimeUnit.SECONDS).stream()
                    .filter(d -> d.notice().alert().id() == due.id()).toList(), "the second scan claims nothing");
        } finally {
            if (other.getTransaction().isActive()) {
                other.getTransaction().rollback();
            }
            other.close();
        }
        assertEquals(List.of("1"), strings("SELECT count(*) FROM notification_deliveries WHERE alert_id = ? AND kind = 'ESCALATED'", due.id()));
    }

    // ------------------------------------------------------------------------------- helpers

    private static NotificationRouting routingOn(EntityManager em) {
        NotificationRoutes routes = new NotificationRoutes();
        routes.em = em;
        NotificationChannels channels = new NotificationChannels();
        channels.em = em;
        channels.secrets = SECRETS;
        DeliveryLog log = new DeliveryLog();
        log.em = em;
        NotificationRouting routing = new NotificationRouting();
        routing.routes = routes;
        routing.channels = channels;
        routing.log = log;
        routing.alerting = new AlertingLookups(em);
        return routing;
    }


    /** Sends on the dispatcher as the server does and records the outcomes in the delivery log. */
    private void send(List<Delivery> deliveries) throws InterruptedException {
        NotificationDispatcher dispatcher = new NotificationDispatcher(pool, 10, 2,
                new EmailSender(new MailSettings("127.0.0.1", SMTP.getSmtp().getPort(), "wardops@bank.test", null, null, false, false, 5000),
                        new NoticeFormat(ZoneId.of("Asia/Tbilisi"))),
                new WebhookSender(Duration.ofSeconds(2), Duration.ofSeconds(5), new NoticeFormat(ZoneId.of("Asia/Tbilisi")),
                        WebhookDestinations.allowing("127.0.0.1")),
                new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100)), outcomes::add);
        deliveries.forEach(dispatcher::deliver);
        for (int i = 0; i < deliveries.size(); i++) {
            DeliveryOutcome o = outcomes.poll(30, TimeUnit.SECONDS);
            assertNotNull(o, "every delivery ends");
            inTransaction(() -> {
                log.finish(o.delivery().id(), o.status(), o.attempts(), o.error());
                return null;
            });
        }
    }

    private <T> T inTransaction(Supplier<T> work) {
        em.getTransaction().begin();
        try {
            T result = work.get();
            em.getTransaction().commit();
            return result;
        } catch (RuntimeException e) {
            em.getTransaction().rollback();
            throw e;
        } finally {
            em.clear();
        }
    }

    /** Marks an alert as notified when it fired, as the FIRING claim would have. */
    private AlertSnapshot fired(AlertSnapshot alert) throws SQLException {
        execute("INSERT INTO notification_deliveries (alert_id, channel_name, channel_kind, kind, status, attempts)"
                + " VALUES (?, 'earlier', 'EMAIL', 'FIRING', 'SENT', 1)", alert.id());
        return alert;
    }

    private AlertSnapshot alert(String severity, int minutesAgo, boolean suppressed) throws SQLException {
        Instant at = Instant.now().minus(minutesAgo, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        String subject = "branch:" + branch + ":" + UUID.randomUUID();
        long id = id("INSERT INTO alerts (branch_id, subject_key, severity, state, message, triggered_at) VALUES (?, ?, ?, 'FIRING', "
                + "'branch unreachable', ?) RETURNING id", branch, subject, severity, java.sql.Timestamp.from(at));
        return new AlertSnapshot(id, null, "Branch down", subject, "Rustavi " + run, null, branch, "Rustavi " + run, region,
                "Kvemo Kartli " + run, Severity.valueOf(severity), AlertState.FIRING, "branch unreachable", at, null, null, null, suppressed, null, false, false);
    }

    private static AlertSnapshot resolved(AlertSnapshot a) {
        return new AlertSnapshot(a.id(), a.ruleId(), a.ruleName(), a.subjectKey(), a.subjectName(), a.deviceId(), a.branchId(),
                a.branchName(), a.regionId(), a.regionName(), a.severity(), AlertState.RESOLVED, a.message(), a.triggeredAt(), null, null,
                Instant.now(), false, null, false, false);
    }

    private static Notice notice(NoticeKind kind, AlertSnapshot alert) {
        return new Notice(kind, alert, Instant.now(), "http://wardops.test/console/alerts.xhtml?alert=" + alert.id());
    }

    private long channel(String kind, String target, String secret) throws SQLException {
        return id("INSERT INTO notification_channels (name, kind, target, secret_enc) VALUES (?, ?, ?, ?) RETURNING id",
                kind + " " + target, kind, target, secret == null ? null : SECRETS.seal(secret.toCharArray()));
    }

    private void route(Long rule, String minSeverity, Long regionId, long channel, Integer escalateAfter, Long escalationChannel)
            throws SQLException {
        id("INSERT INTO notification_routes (name, rule_id, min_severity, region_id, channel_id, escalate_after_minutes,"
                + " escalation_channel_id) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id", "route " + UUID.randomUUID(), rule,
                minSeverity, regionId, channel, escalateAfter, escalationChannel);
    }

    private static Set<Long> channelsOf(List<Delivery> deliveries) {
        return Set.copyOf(deliveries.stream().map(d -> d.channel().id()).toList());
    }

    private static long id(String sql, Object... params) throws SQLException {
        return Long.parseLong(strings(sql, params).get(0));
    }

    private static List<String> strings(String sql, Object... params) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    private static void execute(String sql, Object... params) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }
}
