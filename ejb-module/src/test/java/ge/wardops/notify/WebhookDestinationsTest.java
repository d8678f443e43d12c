package ge.wardops.notify;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookDestinationsTest {

    private static final WebhookDestinations NOTHING_EXTRA = WebhookDestinations.allowing(null);

    @Test
    void theServerItselfLinkLocalMetadataAndUnspecifiedAddressesAreRefused() {
        for (String url : new String[] {"http://127.0.0.1:8048/management/domain", "http://127.9.9.9/", "http://[::1]:5432/",
                "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "http://0.0.0.0:8080/", "http://[::]/",
                "http://100.100.100.200/", "http://[fd00:ec2::254]/", "http://[::ffff:127.0.0.1]/"}) {
            String problem = NOTHING_EXTRA.problem(url);
            assertNotNull(problem, url);
            assertTrue(problem.contains("wardops.notify.webhook.allowed-destinations"), problem);
        }
    }

    @Test
    void ordinaryAndPrivateNetworkReceiversAreAllowed() {
        // Address literals only: the check parses them (no lookup, no connection); nothing is sent anywhere.
        assertNull(NOTHING_EXTRA.problem("https://10.20.30.40/hooks/wardops"));
        assertNull(NOTHING_EXTRA.problem("http://192.168.1.10:8080/x"));
        assertNull(NOTHING_EXTRA.problem("https://203.0.113.7/x"));
    }

    @Test
    void theAllowListOpensExactlyTheAddressesAndRangesItNames() {
        WebhookDestinations list = WebhookDestinations.allowing(" 127.0.0.1 , 169.254.10.0/24,::1");
        assertNull(list.problem("http://127.0.0.1:9000/receiver"));
        assertNull(list.problem("http://[::1]:9000/receiver"));
        assertNull(list.problem("http://169.254.10.77/"));
        assertNotNull(list.problem("http://127.0.0.2/"));
        assertNotNull(list.problem("http://169.254.169.254/"));
        assertThrows(IllegalArgumentException.class, () -> WebhookDestinations.allowing("metadata.example"));
        assertThrows(IllegalArgumentException.class, () -> WebhookDestinations.allowing("10.0.0.0/33"));
    }

    @Test
    void anUnknownHostIsATransientProblemARefusedAddressIsNot() {
        WebhookDestinations.Verdict unknown = NOTHING_EXTRA.check("https://wardops-receiver.invalid/hook");
        assertNotNull(unknown.problem());
        assertTrue(unknown.transientProblem(), "a name that does not resolve now may resolve on the next try");
        assertEquals(unknown.problem(), NOTHING_EXTRA.problem("https://wardops-receiver.invalid/hook"), "the channel form still says so");
        WebhookDestinations.Verdict loopback = NOTHING_EXTRA.check("http://127.0.0.1:8048/");
        assertNotNull(loopback.problem());
        assertFalse(loopback.transientProblem(), "a destination that resolves but is refused stays refused");
        assertNull(NOTHING_EXTRA.check("https://203.0.113.7/x").problem());
    }

    @Test
    void aRefusedDestinationIsNotSentToAtAllAndNotRetried() throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger received = new AtomicInteger();
        receiver.createContext("/", exchange -> {
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            ChannelAddress channel = new ChannelAddress(1, "hook", ChannelKind.WEBHOOK, url, "s".repeat(20).getBytes(StandardCharsets.UTF_8));
            Notice notice = Notice.test(Instant.now(), "http://wardops.test/console");
            NoticeFormat format = new NoticeFormat(ZoneId.of("UTC"));
            WebhookSender refusing = new WebhookSender(Duration.ofSeconds(1), Duration.ofSeconds(1), format, NOTHING_EXTRA);
            DeliveryFailure failure = assertThrows(DeliveryFailure.class, () -> refusing.send(channel, notice, 7L));
            assertFalse(failure.isTransient(), "a refused destination is not retried");
            assertTrue(failure.getMessage().contains("loopback"), failure.getMessage());
            assertEquals(0, received.get(), "nothing reached the receiver");

            new WebhookSender(Duration.ofSeconds(1), Duration.ofSeconds(1), format, WebhookDestinations.allowing("127.0.0.1"))
                    .send(channel, notice, 8L);
            assertEquals(1, received.get(), "on the allow-list it is sent");
        } finally {
            receiver.stop(0);
        }
    }
}
