package ge.wardops.audit.syslog;

import ge.wardops.audit.AuditRecord;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audit rows reach a real syslog receiver on loopback, over UDP (one datagram each) and over TCP
 * (RFC 6587 octet counting), as RFC 5424 messages; a receiver that is gone never blocks the
 * caller, and what could not be sent is counted.
 */
class SyslogForwarderTest {

    private static final Pattern RFC5424 = Pattern.compile(
            "^<(\\d{1,3})>1 (\\S+) (\\S+) wardops - (\\S+) \\[wardops@32473 id=\"(\\d+)\" actor=\"((?:[^\"\\\\]|\\\\.)*)\" object=\"[^\"]*\" hash=\"(\\w*)\"] \uFEFF(\\{.*})$",
            Pattern.DOTALL);

    private static AuditRecord row(long id, String action, String actor) {
        return new AuditRecord(id, Instant.parse("2026-11-28T10:15:30.000001Z"), actor, "127.0.0.1", action, "device", "9",
                null, null, "{\"name\": \"sw-1\"}", "line one\nline two", "0".repeat(64), "a".repeat(64), "k1");
    }

    private static SyslogSettings settings(int port, SyslogSettings.Protocol protocol, int queue) {
        return new SyslogSettings("127.0.0.1", port, protocol, SyslogSettings.facility("local4"), queue, "ward ops-host", 2000);
    }

    @Test
    void udpSendsEachRowAsOneRfc5424Datagram() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SyslogForwarder forwarder = new SyslogForwarder(settings(receiver.getLocalPort(), SyslogSettings.Protocol.UDP, 100),
                     Executors.defaultThreadFactory())) {
            receiver.setSoTimeout(5000);
            assertTrue(forwarder.offer(row(1, "UPDATE", "alice")));
            assertTrue(forwarder.offer(row(2, "ACCESS_DENIED", "bob \"the\" [x]")));
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                DatagramPacket p = new DatagramPacket(new byte[65536], 65536);
                receiver.receive(p);
                got.add(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8));
            }
            Matcher first = matched(got.get(0));
            assertEquals(String.valueOf(20 * 8 + 5), first.group(1), "local4.notice");
            assertEquals("2026-11-28T10:15:30.000001Z", first.group(2));
            assertEquals("ward_ops-host", first.group(3), "no spaces in a header field");
            assertEquals("UPDATE", first.group(4));
            assertEquals("1", first.group(5));
            assertEquals("a".repeat(64), first.group(7));
            JsonObject body = Json.createReader(new StringReader(first.group(8))).readObject();
            assertEquals("line one\nline two", body.getString("details"));
            assertEquals("sw-1", body.getJsonObject("after").getString("name"));

            Matcher second = matched(got.get(1));
            assertEquals(String.valueOf(20 * 8 + 4), second.group(1), "a refusal is a warning");
            assertEquals("bob \\\"the\\\" [x\\]", second.group(6), "SD-PARAM escaping");
            waitUntil(() -> forwarder.sent() == 2);
            assertEquals(0, forwarder.failed());
        }
    }

    @Test
    void tcpFramesEachRowWithItsOctetCount() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
             SyslogForwarder forwarder = new SyslogForwarder(settings(server.getLocalPort(), SyslogSettings.Protocol.TCP, 100),
                     Executors.defaultThreadFactory())) {
            server.setSoTimeout(5000);
            for (int i = 1; i <= 3; i++) {
                assertTrue(forwarder.offer(row(i, "CREATE", "ü-user " + i)));
            }
            try (Socket client = server.accept()) {
                client.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(client.getInputStream());
                for (int i = 1; i <= 3; i++) {
                    int length = Integer.parseInt(readUntilSpace(in));
                    byte[] message = new byte[length];
                    in.readFully(message);
                    Matcher m = matched(new String(message, StandardCharsets.UTF_8));
                    assertEquals(String.valueOf(i), m.group(5));
                    assertEquals("ü-user " + i, m.group(6));
                }
            }
            waitUntil(() -> forwarder.sent() == 3);
        }
    }

    @Test
    void aReceiverThatIsGoneNeverBlocksTheCallerAndEveryLossIsCounted() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (SyslogForwarder forwarder = new SyslogForwarder(settings(closedPort, SyslogSettings.Protocol.TCP, 5),
                Executors.defaultThreadFactory())) {
            long started = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 200; i++) {
                if (forwarder.offer(row(i, "UPDATE", "x"))) {
                    accepted++;
                }
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis < 1000, "200 offers took " + millis + " ms");
            assertEquals(200 - accepted, forwarder.dropped());
            assertTrue(forwarder.dropped() >= 190, "the queue holds 5: " + forwarder.dropped());
            waitUntil(() -> forwarder.failed() >= 1);
            assertEquals(0, forwarder.sent());
        }
    }

    private static Matcher matched(String message) {
        Matcher m = RFC5424.matcher(message);
        assertTrue(m.matches(), "not an RFC 5424 message as sent: " + message);
        return m;
    }

    private static String readUntilSpace(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != ' '; c = in.read()) {
            if (c < 0 || b.size() > 10) {
                throw new IOException("no octet count");
            }
            b.write(c);
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }
}
