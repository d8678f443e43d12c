package ge.wardops.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import ge.wardops.testing.Waits;
import ge.wardops.testsupport.WebhookReceiver;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notifications in the deployed application: channels and routes configured over REST send real
 * email to a GreenMail SMTP server and real signed webhooks to an HTTP receiver, both run by this
 * test on 127.0.0.1 (the server is told the SMTP port in arquillian.xml); the escalation timer
 * escalates, once, an alert left unacknowledged.
 */
@ExtendWith(ArquillianExtension.class)
class NotificationsIT {

    private static GreenMail smtp;
    private static WebhookReceiver hook;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    Http admin;
    String run;
    String secret;

    @BeforeAll
    static void startReceivers() {
        smtp = new GreenMail(new ServerSetup(Integer.parseInt(System.getProperty("test.smtp.port")), "127.0.0.1",
                ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        hook = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceivers() {
        hook.close();
        smtp.stop();
    }

    @BeforeEach
    void setUp() {
        admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        run = Deployments.unique();
        secret = "hook-secret-" + run + "-Kq8";
    }

    @Test
    void channelsConfiguredOverRestSendTheirTestMessages() throws Exception {
        JsonObject mail = created(admin.postJson("api/v1/notification-channels",
                "{\"name\":\"NOC mail " + run + "\",\"kind\":\"EMAIL\",\"target\":\"noc-" + run + "@bank.test\"}"));
        Http.Answer hookAnswer = admin.postJson("api/v1/notification-channels", "{\"name\":\"NOC hook " + run
                + "\",\"kind\":\"WEBHOOK\",\"target\":\"" + hook.url("/hooks/" + run) + "\",\"secret\":\"" + secret + "\"}");
        JsonObject webhook = created(hookAnswer);
        assertTrue(webhook.getBoolean("secretSet"));
        assertFalse(hookAnswer.body().contains(secret), "the secret never comes back: " + hookAnswer.body());
        assertFalse(admin.get("api/v1/notification-channels").body().contains(secret));
        byte[] stored = Database.bytes("SELECT secret_enc FROM notification_channels WHERE id = ?", id(webhook)).get(0);
        assertFalse(new String(stored, StandardCharsets.ISO_8859_1).contains(secret), "stored encrypted");

        Http.Answer mailTest = admin.postJson("api/v1/notification-channels/" + id(mail) + "/test", "");
        assertEquals(200, mailTest.status(), mailTest.toString());
        assertEquals("SENT", mailTest.json().getString("status"), mailTest.toString());
        assertEquals("TEST", mailTest.json().getString("kind"));
        MimeMessage message = mailTo("noc-" + run + "@bank.test");
        assertEquals("[WARD OPS] Test message", message.getSubject());
        assertTrue(GreenMailUtil.getBody(message).contains("this channel works"), GreenMailUtil.getBody(message));
        assertEquals("wardops-it@127.0.0.1", message.getFrom()[0].toString());

        Http.Answer hookTest = admin.postJson("api/v1/notification-channels/" + id(webhook) + "/test", "");
        assertEquals("SENT", hookTest.json().getString("status"), hookTest.toString());
        WebhookReceiver.Received post = next("/hooks/" + run);
        assertTrue(WebhookSignature.verify(secret.getBytes(StandardCharsets.UTF_8), post.body(), post.header(WebhookSignature.HEADER)),
                "signed with the channel's secret: " + post.header(WebhookSignature.HEADER));
        JsonObject body = Json.createReader(new StringReader(post.text())).readObject();
        assertEquals("TEST", body.getString("event"));
        assertEquals(String.valueOf(hookTest.json().getJsonNumber("id").longValue()), post.header("X-WardOps-Delivery"));

        Http.Answer log = admin.get("api/v1/notification-deliveries?channelId=" + id(webhook) + "&kind=TEST");
        assertEquals(200, log.status(), log.toString());
        assertEquals(1, log.json().getJsonNumber("total").longValue(), log.toString());
        assertEquals("SENT", log.json().getJsonArray("items").getJsonObject(0).getString("status"));
        Http.Answer sentOnly = admin.get("api/v1/notification-deliveries?status=sent&limit=5");
        assertEquals(200, sentOnly.status(), sentOnly.toString());
        assertTrue(sentOnly.json().getJsonArray("items").stream().allMatch(d -> d.asJsonObject().getString("status").equals("SENT")));

        assertEquals(List.of("CREATE", "TEST"), Database.column("SELECT action FROM audit_events WHERE object_type = "
                + "'notification_channel' AND object_id = ? ORDER BY id", String.valueOf(id(webhook))));
        assertFalse(String.join(" ", Database.column("SELECT coalesce(after_state::text, '') FROM audit_events WHERE object_type = "
                + "'notification_channel' AND object_id = ?", String.valueOf(id(webhook)))).contains(secret), "no secret in the audit log");

        // A receiver that refuses: the test says so instead of pretending.
        hook.answer(403);
        Http.Answer refused = admin.postJson("api/v1/notification-channels/" + id(webhook) + "/test", "");
        assertEquals("FAILED", refused.json().getString("status"), refused.toString());
        assertTrue(refused.json().getString("lastError").contains("HTTP 403"), refused.toString());
        assertEquals(1, refused.json().getInt("attempts"), "a refusal is not retried");

        String metrics = Http.anonymous(base).get(base.getProtocol() + "://" + base.getHost() + ":" + base.getPort() + "/metrics").body();
        assertTrue(metrics.contains("wardops_notifications_sent_total{channel=\"email\""), "sent counter by channel kind");
        assertTrue(metrics.contains("wardops_notifications_failed_total{channel=\"webhook\""), "failed counter by channel kind");
    }

    @Test
    void badChannelsAndRoutesAreRefusedWithFieldErrors() {
        assertFieldError(admin.postJson("api/v1/notification-channels", "{\"name\":\"x" + run + "\",\"kind\":\"EMAIL\",\"target\":\"not an address\"}"), "target");
        assertFieldError(admin.postJson("api/v1/notification-channels", "{\"name\":\"x" + run + "\",\"kind\":\"WEBHOOK\",\"target\":\"ftp://127.0.0.1/x\",\"secret\":\"" + secret + "\"}"), "target");
        assertFieldError(admin.postJson("api/v1/notification-channels", "{\"name\":\"x" + run + "\",\"kind\":\"WEBHOOK\",\"target\":\"http://127.0.0.1/x\"}"), "secret");
        assertFieldError(admin.postJson("api/v1/notification-channels", "{\"name\":\"x" + run + "\",\"kind\":\"WEBHOOK\",\"target\":\"http://127.0.0.1/x\",\"secret\":\"short\"}"), "secret");
        assertFieldError(admin.postJson("api/v1/notification-channels", "{\"name\":\"x" + run + "\",\"kind\":\"SMS\",\"target\":\"555\"}"), "kind");
        // The server must not be made to send to itself or to what only it can reach (the test receivers'
        // 127.0.0.1 is on wardops.notify.webhook.allowed-destinations in arquillian.xml; 127.0.0.2 is not).
        for (String target : List.of("http://127.0.0.2:8048/management/domain/version", "http://169.254.169.254/latest/meta-data/",
                "http://[::1]:5432/", "http://0.0.0.0:" + base.getPort() + "/", "http://[fe80::1]/")) {
            Http.Answer refused = admin.postJson("api/v1/notification-channels", "{\"name\":\"ssrf" + run + "\",\"kind\":\"WEBHOOK\","
                    + "\"target\":\"" + target + "\",\"secret\":\"" + secret + "\"}");
            assertFieldError(refused, "target");
            assertTrue(refused.body().contains("allowed-destinations"), refused.toString());
        }

        long channel = id(created(admin.postJson("api/v1/notification-channels",
                "{\"name\":\"Route target " + run + "\",\"kind\":\"EMAIL\",\"target\":\"ops-" + run + "@bank.test\"}")));
        assertFieldError(admin.postJson("api/v1/notification-routes", "{\"name\":\"r" + run + "\",\"channelId\":987654321}"), "channelId");
        assertFieldError(admin.postJson("api/v1/notification-routes", "{\"name\":\"r" + run + "\",\"channelId\":" + channel
                + ",\"minSeverity\":\"HUGE\"}"), "minSeverity");
        assertFieldError(admin.postJson("api/v1/notification-routes", "{\"name\":\"r" + run + "\",\"channelId\":" + channel
                + ",\"escalateAfterMinutes\":10}"), "escalationChannelId");
        assertFieldError(admin.postJson("api/v1/notification-routes", "{\"name\":\"r" + run + "\",\"channelId\":" + channel
                + ",\"regionId\":987654321}"), "regionId");
        assertFieldError(admin.postJson("api/v1/notification-routes", "{\"name\":\"r" + run + "\",\"channelId\":" + channel
                + ",\"ruleId\":987654321}"), "ruleId");

        JsonObject route = created(admin.postJson("api/v1/notification-routes", "{\"name\":\"Route " + run + "\",\"channelId\":"
                + channel + ",\"minSeverity\":\"MAJOR\"}"));
        assertEquals("MAJOR", route.getString("minSeverity"));
        Http.Answer inUse = admin.delete("api/v1/notification-channels/" + channel);
        assertEquals(409, inUse.status(), inUse.toString());
        assertEquals(204, admin.delete("api/v1/notification-routes/" + id(route)).status());
        assertEquals(204, admin.delete("api/v1/notification-channels/" + channel).status());
        assertEquals(List.of("CREATE", "DELETE"), Database.column("SELECT action FROM audit_events WHERE object_type = "
                + "'notification_route' AND object_id = ? ORDER BY id", String.valueOf(id(route))));
        assertFieldError(admin.get("api/v1/notification-deliveries?status=LOST"), "status");
        assertEquals(400, admin.get("api/v1/notification-deliveries?from=yesterday").status());
    }

    @Test
    void anAlertNobodyAcknowledgesEscalatesOnceToTheEscalationChannel() throws Exception {
        long region = TestFleet.region(admin, "Escalation " + run, "ES" + run);
        long branch = TestFleet.branch(admin, region, "Escalation branch " + run, "EB" + run);
        long noc = id(created(admin.postJson("api/v1/notification-channels",
                "{\"name\":\"Esc NOC " + run + "\",\"kind\":\"EMAIL\",\"target\":\"noc-esc-" + run + "@bank.test\"}")));
        long duty = id(created(admin.postJson("api/v1/notification-channels", "{\"name\":\"Esc duty " + run
                + "\",\"kind\":\"WEBHOOK\",\"target\":\"" + hook.url("/duty/" + run) + "\",\"secret\":\"" + secret + "\"}")));
        created(admin.postJson("api/v1/notification-routes", "{\"name\":\"Esc route " + run + "\",\"channelId\":" + noc
                + ",\"regionId\":" + region + ",\"minSeverity\":\"MAJOR\",\"escalateAfterMinutes\":5,\"escalationChannelId\":" + duty + "}"));

        // As the engine would leave them: alerts fired 10 minutes ago, each notified on NOC when it fired.
        long open = alert(branch, "open-" + run, "NULL");
        long acknowledged = alert(branch, "acked-" + run, "now()");
        for (long alert : new long[] {open, acknowledged}) {
            Database.execute("INSERT INTO notification_deliveries (alert_id, channel_id, channel_name, channel_kind, kind, status, attempts)"
                    + " VALUES (?, ?, 'Esc NOC', 'EMAIL', 'FIRING', 'SENT', 1)", alert, noc);
        }

        WebhookReceiver.Received post = next("/duty/" + run);
        assertTrue(WebhookSignature.verify(secret.getBytes(StandardCharsets.UTF_8), post.body(), post.header(WebhookSignature.HEADER)));
        JsonObject body = Json.createReader(new StringReader(post.text())).readObject();
        assertEquals("ESCALATED", body.getString("event"));
        assertEquals(open, body.getJsonObject("alert").getJsonNumber("id").longValue());
        assertEquals("Escalation branch " + run, body.getJsonObject("alert").getString("branchName"));
        assertEquals("Escalation " + run, body.getJsonObject("alert").getString("regionName"));
        assertEquals("http://wardops.test/console/alerts.xhtml?alert=" + open, body.getString("link"));
        assertTrue(body.getString("summary").startsWith("ESCALATED: Escalation branch " + run + " is still CRITICAL"), body.toString());

        // Several more scans (every 2 s in the tests) later: still one escalation, and none for the acknowledged alert.
        Thread.sleep(6000);
        assertNull(hook.next(0), "escalated once, not once per scan");
        assertEquals(1, Database.count("SELECT count(*) FROM notification_deliveries WHERE alert_id = ? AND kind = 'ESCALATED'", open));
        assertEquals(0, Database.count("SELECT count(*) FROM notification_deliveries WHERE alert_id = ? AND kind = 'ESCALATED'", acknowledged));
        assertTrue(Waits.eventually(Duration.ofSeconds(20), () -> "SENT".equals(Database.column(
                "SELECT status FROM notification_deliveries WHERE alert_id = ? AND kind = 'ESCALATED'", open).get(0))));
    }

    // ------------------------------------------------------------------------------- helpers

    /** An alert row as the engine writes it (V1 columns), fired 10 minutes ago; the branch is its subject. */
    private static long alert(long branch, String subject, String acknowledgedAt) {
        return Long.parseLong(Database.column("INSERT INTO alerts (branch_id, subject_key, severity, state, message, triggered_at,"
                + " acknowledged_at) VALUES (?, ?, 'CRITICAL', 'FIRING', 'branch unreachable', now() - interval '10 minutes', "
                + acknowledgedAt + ") RETURNING id", branch, "branch:" + subject).get(0));
    }

    private static MimeMessage mailTo(String recipient) throws Exception {
        MimeMessage found = null;
        for (int i = 0; i < 100 && found == null; i++) {
            found = Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
                try {
                    return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(recipient));
                } catch (Exception e) {
                    return false;
                }
            }).findFirst().orElse(null);
            if (found == null) {
                Thread.sleep(200);
            }
        }
        assertNotNull(found, "an email to " + recipient);
        return found;
    }

    private static WebhookReceiver.Received next(String path) {
        for (int i = 0; i < 10; i++) {
            WebhookReceiver.Received r = hook.next(30);
            assertNotNull(r, "a webhook call to " + path);
            if (r.path().equals(path)) {
                return r;
            }
        }
        throw new AssertionError("no webhook call to " + path);
    }

    private static void assertFieldError(Http.Answer answer, String field) {
        assertEquals(400, answer.status(), answer.toString());
        assertTrue(answer.contentType().startsWith("application/problem+json"), answer.toString());
        assertTrue(answer.json().getJsonArray("errors").stream().map(e -> e.asJsonObject().getString("field")).anyMatch(field::equals),
                "a field error on " + field + ": " + answer);
    }

    private static JsonObject created(Http.Answer answer) {
        assertEquals(201, answer.status(), answer.toString());
        return answer.json();
    }

    private static long id(JsonObject o) {
        return o.getJsonNumber("id").longValue();
    }
}
