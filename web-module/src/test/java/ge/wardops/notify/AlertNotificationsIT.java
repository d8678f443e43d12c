package ge.wardops.notify;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.LiveList;
import ge.wardops.testing.TestFleet;
import ge.wardops.testsupport.Loopback;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

import static ge.wardops.testing.Waits.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole alert path with nothing stood in for: a loopback device this test makes unreachable
 * (a blackhole route in 127.93/16, removed in finally) is found DOWN by real fping, the engine fires
 * the region's rule after its FOR, and the notifications reach a real SMTP server (GreenMail) and a
 * real HTTP receiver, both on loopback, with the right content and a valid signature; the
 * acknowledgement is audited; when the route is removed the device comes back, the engine resolves
 * the alert and both channels get the resolve notice with its duration. The routes are limited to
 * this test's own region, so other tests' alerts never reach these receivers.
 */
@ExtendWith(ArquillianExtension.class)
class AlertNotificationsIT {

    private static GreenMail smtp;
    private static WebhookReceiver hook;
    private static String range;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void startReceivers() {
        Loopback.assumeRoot();
        smtp = new GreenMail(new ServerSetup(Integer.parseInt(System.getProperty("test.smtp.port")), "127.0.0.1",
                ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        hook = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceivers() {
        if (range != null) {
            Loopback.restoreService(range);
        }
        if (hook != null) {
            hook.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    @Test
    void aDeviceTakenOffTheNetworkIsMailedAndPostedThenAcknowledgedAndResolvedWithANotice() throws Exception {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String run = Deployments.unique();
        String net = "127.93." + ThreadLocalRandom.current().nextInt(256) + ".";
        long region = TestFleet.region(admin, "Notified " + run, "NT" + run);
        long branch = TestFleet.branch(admin, region, "Notified branch " + run, "NB" + run);
        String name = "atm-" + run;
        long device = TestFleet.device(admin, "{\"name\":\"" + name + "\",\"ip\":\"" + net + "1\",\"type\":\"ATM\",\"branchId\":" + branch + "}")
                .getJsonNumber("id").longValue();

        String recipient = "noc-" + run + "@bank.test";
        String secret = "e2e-hook-secret-" + run;
        long mail = id(admin.postJson("api/v1/notification-channels",
                "{\"name\":\"E2E mail " + run + "\",\"kind\":\"EMAIL\",\"target\":\"" + recipient + "\"}"));
        long webhook = id(admin.postJson("api/v1/notification-channels", "{\"name\":\"E2E hook " + run + "\",\"kind\":\"WEBHOOK\",\"target\":\""
                + hook.url("/e2e/" + run) + "\",\"secret\":\"" + secret + "\"}"));
        for (long channel : new long[]{mail, webhook}) {
            id(admin.postJson("api/v1/notification-routes", "{\"name\":\"E2E route " + channel + " " + run + "\",\"channelId\":" + channel
                    + ",\"regionId\":" + region + ",\"minSeverity\":\"MAJOR\"}"));
        }
        long rule = id(admin.postJson("api/v1/alert-rules", "{\"name\":\"E2E down " + run + "\",\"kind\":\"DEVICE_DOWN\",\"scopeType\":\"REGION\","
                + "\"scopeValue\":\"" + region + "\",\"forSeconds\":4,\"severity\":\"CRITICAL\",\"messageTemplate\":\"{device} is down in {branch}\"}"));
        assertTrue(eventually(Duration.ofSeconds(30), () -> "UP".equals(LiveList.status(admin, device))), "probed and UP first");

        range = net + "0/24";
        Loopback.takeOutOfService(range);
        long alert;
        try {
            MimeMessage fired = mail(recipient, "[WARD OPS] FIRING CRITICAL");
            String body = GreenMailUtil.getBody(fired);
            assertTrue(fired.getSubject().contains("E2E down " + run) && fired.getSubject().contains(name), fired.getSubject());
            assertTrue(body.contains(name + " is down in Notified branch " + run), body);
            assertTrue(body.contains("Asia/Tbilisi"), "times in the bank's zone: " + body);
            alert = Long.parseLong(Database.column("SELECT id FROM alerts WHERE rule_id = ? AND subject_key = ?", rule, "device:" + device).get(0));
            assertTrue(body.contains("#" + alert), body);

            JsonObject posted = signedPost(run, secret, "FIRING");
            JsonObject a = posted.getJsonObject("alert");
            assertEquals("CRITICAL", a.getString("severity"));
            assertEquals(name, a.getString("subjectName"));
            assertEquals(alert, a.getJsonNumber("id").longValue());

            Http.Answer ack = admin.postJson("api/v1/alerts/" + alert + "/acknowledge", "{\"comment\":\"branch called " + run + "\"}");
            assertEquals(200, ack.status(), ack.toString());
            assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE action = 'ACKNOWLEDGE' AND object_type = 'alert'"
                    + " AND object_id = ? AND actor = 'admin'", String.valueOf(alert)));
        } finally {
            Loopback.restoreService(range);
            range = null;
        }

        MimeMessage resolved = mail(recipient, "[WARD OPS] RESOLVED");
        String body = GreenMailUtil.getBody(resolved);
        assertTrue(body.contains("Duration:"), "the resolve notice says how long it lasted: " + body);
        JsonObject posted = signedPost(run, secret, "RESOLVED");
        double lasted = Double.parseDouble(Database.column("SELECT extract(epoch FROM resolved_at - triggered_at) FROM alerts WHERE id = ?",
                alert).get(0));
        assertTrue(Math.abs(posted.getJsonObject("alert").getJsonNumber("durationSeconds").longValue() - lasted) <= 1,
                "the duration from firing to resolving (" + lasted + " s): " + posted);
        assertEquals("RESOLVED", admin.get("api/v1/alerts/" + alert).json().getJsonObject("alert").getString("state"));

        assertEquals(4, Database.count("SELECT count(*) FROM notification_deliveries WHERE alert_id = ? AND status = 'SENT'"
                + " AND kind IN ('FIRING', 'RESOLVED')", alert), "fired and resolved, each to both channels, once");
        assertEquals(1, Arrays.stream(smtp.getReceivedMessages()).filter(m -> subjectStarts(m, "[WARD OPS] FIRING")
                && to(m, recipient)).count(), "one firing email, however many rounds the device stayed down");
    }

    private static long id(Http.Answer created) {
        assertEquals(201, created.status(), created.toString());
        return created.json().getJsonNumber("id").longValue();
    }

    /** The email to {@code recipient} whose subject starts so, waiting up to a minute. */
    private static MimeMessage mail(String recipient, String subjectPrefix) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            MimeMessage found = Arrays.stream(smtp.getReceivedMessages())
                    .filter(m -> to(m, recipient) && subjectStarts(m, subjectPrefix)).findFirst().orElse(null);
            if (found != null) {
                return found;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no email \"" + subjectPrefix + "...\" to " + recipient);
    }

    private static boolean to(MimeMessage m, String recipient) {
        try {
            return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(recipient));
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean subjectStarts(MimeMessage m, String prefix) {
        try {
            return m.getSubject() != null && m.getSubject().startsWith(prefix);
        } catch (Exception e) {
            return false;
        }
    }

    /** The next webhook call of this run for {@code event}, its signature checked; other calls are skipped. */
    private static JsonObject signedPost(String run, String secret, String event) {
        for (int i = 0; i < 20; i++) {
            WebhookReceiver.Received r = hook.next(60);
            assertNotNull(r, "a webhook call for " + event);
            if (!r.path().equals("/e2e/" + run)) {
                continue;
            }
            assertTrue(WebhookSignature.verify(secret.getBytes(StandardCharsets.UTF_8), r.body(), r.header(WebhookSignature.HEADER)),
                    "signed with the channel's secret");
            JsonObject body = Json.createReader(new StringReader(r.text())).readObject();
            if (body.getString("event").equals(event)) {
                return body;
            }
        }
        throw new AssertionError("no " + event + " webhook call");
    }
}
