package ge.wardops.events;

import ge.wardops.alerting.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trap and syslog receivers with real senders on loopback: Debian's {@code snmptrap} and
 * {@code snmpinform} (net-snmp) for v1, v2c and v3 authPriv, {@code logger} (util-linux) and plain
 * sockets for syslog over UDP and TCP. Ports 16201-16203 on 127.0.0.1 (test.events.port-base moves them).
 */
class EventReceiversTest {

    private static final int BASE = Integer.getInteger("test.events.port-base", 16201);
    private static final int TRAP_PORT = BASE;
    private static final int SYSLOG_PORT = BASE + 1;
    private static final String USER = "wardops:SHA:trap-auth-pass:AES128:trap-priv-pass";
    /** The bundled MIBs, as a node without added MIBs decodes with. */
    private static final MibNames STANDARD = MibCompiler.compile(MibCompiler.bundled()).names();
    private static EventIntake intake;
    private static TrapListener traps;
    private static SyslogListener syslog;

    @BeforeAll
    static void listen() throws IOException {
        EventSettings settings = EventSettings.defaults().withTrapListener("127.0.0.1", TRAP_PORT).withV3Users(List.of(USER))
                .withSyslogListener("127.0.0.1", SYSLOG_PORT);
        intake = new EventIntake(settings);
        traps = new TrapListener(settings, intake, Clock.systemUTC(), () -> STANDARD);
        syslog = new SyslogListener(settings, intake, Clock.systemUTC(), r -> {
            Thread t = new Thread(r, "syslog-test");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void close() throws IOException {
        traps.close();
        syslog.close();
    }

    @Test
    void aV2cLinkDownFromSnmptrapArrivesNamedWithItsInterface() throws Exception {
        run("snmptrap", "-v", "2c", "-c", "public", "--clientaddr=127.0.0.21", "127.0.0.1:" + TRAP_PORT, "",
                "1.3.6.1.6.3.1.1.5.3", "1.3.6.1.2.1.2.2.1.1.3", "i", "3", "1.3.6.1.2.1.2.2.1.2.3", "s", "GigabitEthernet0/3",
                "1.3.6.1.2.1.2.2.1.8.3", "i", "2");
        ReceivedEvent e = next(ev -> ev.source().getHostAddress().equals("127.0.0.21"));
        assertEquals(EventKind.TRAP, e.kind());
        assertEquals("linkDown", e.name());
        assertEquals(Severity.WARNING, e.severity());
        assertEquals("3", e.fields().get("ifIndex.3"));
        assertEquals("GigabitEthernet0/3", e.fields().get("ifDescr.3"));
        assertEquals("down(2)", e.fields().get("ifOperStatus.3"));
        assertEquals("1.3.6.1.6.3.1.1.5.3", e.fields().get("trapOid"));
        assertEquals("v2c", e.fields().get("version"));
        assertEquals("IF-MIB::linkDown", e.fields().get("trap"));
        assertTrue(e.message().startsWith("linkDown ifIndex.3=3"), e.message());
    }

    @Test
    void aV1GenericTrapIsNamedFromItsType() throws Exception {
        run("snmptrap", "-v", "1", "-c", "public", "--clientaddr=127.0.0.22", "127.0.0.1:" + TRAP_PORT, "1.3.6.1.4.1.9",
                "127.0.0.22", "3", "0", "", "1.3.6.1.2.1.2.2.1.1.7", "i", "7");
        ReceivedEvent e = next(ev -> ev.source().getHostAddress().equals("127.0.0.22"));
        assertEquals("linkUp", e.name());
        assertEquals("v1", e.fields().get("version"));
        assertEquals("1.3.6.1.6.3.1.1.5.4", e.fields().get("trapOid"));
        assertEquals("7", e.fields().get("ifIndex.7"));
    }

    @Test
    void aFortiGateVpnTunnelDownIsNamedFromTheBundledFortinetMibs() throws Exception {
        run("snmptrap", "-v", "2c", "-c", "public", "--clientaddr=127.0.0.33", "127.0.0.1:" + TRAP_PORT, "",
                "1.3.6.1.4.1.12356.101.2.0.302", "1.3.6.1.4.1.12356.100.1.1.1.0", "s", "FG100F0000000001",
                "1.3.6.1.2.1.1.5.0", "s", "fw-hq", "1.3.6.1.4.1.12356.101.12.3.2.0", "a", "198.51.100.1",
                "1.3.6.1.4.1.12356.101.12.3.3.0", "a", "203.0.113.7", "1.3.6.1.4.1.12356.101.12.3.4.0", "s", "to-branch-7");
        ReceivedEvent e = next(ev -> ev.source().getHostAddress().equals("127.0.0.33"));
        assertEquals("fgTrapVpnTunDown", e.name());
        assertEquals("FORTINET-FORTIGATE-MIB::fgTrapVpnTunDown", e.fields().get("trap"));
        assertEquals("1.3.6.1.4.1.12356.101.2.0.302", e.fields().get("trapOid"));
        assertEquals("FG100F0000000001", e.fields().get("fnSysSerial.0"));
        assertEquals("fw-hq", e.fields().get("sysName.0"));
        assertEquals("203.0.113.7", e.fields().get("fgVpnTrapRemoteGateway.0"));
        assertEquals("to-branch-7", e.fields().get("fgVpnTrapPhase1Name.0"));
    }

    @Test
    void aCiscoV1ConfigChangeIsNamedFromTheBundledCiscoMibs() throws Exception {
        // A v1 trap from ciscoConfigManMIB's notification prefix, specific 1 (RFC 3584: ciscoConfigManEvent).
        run("snmptrap", "-v", "1", "-c", "public", "--clientaddr=127.0.0.34", "127.0.0.1:" + TRAP_PORT, "1.3.6.1.4.1.9.9.43.2",
                "127.0.0.34", "6", "1", "", "1.3.6.1.4.1.9.9.43.1.1.6.1.3.17", "i", "1", "1.3.6.1.4.1.9.9.43.1.1.6.1.4.17", "i", "3",
                "1.3.6.1.4.1.9.9.43.1.1.6.1.5.17", "i", "4");
        ReceivedEvent e = next(ev -> ev.source().getHostAddress().equals("127.0.0.34"));
        assertEquals("ciscoConfigManEvent", e.name());
        assertEquals("CISCO-CONFIG-MAN-MIB::ciscoConfigManEvent", e.fields().get("trap"));
        assertEquals("1.3.6.1.4.1.9.9.43.2.0.1", e.fields().get("trapOid"));
        assertEquals("commandLine(1)", e.fields().get("ccmHistoryEventCommandSource.17"));
        assertEquals("running(3)", e.fields().get("ccmHistoryEventConfigSource.17"));
        assertEquals("startup(4)", e.fields().get("ccmHistoryEventConfigDestination.17"));
    }

    @Test
    void aVendorTrapIsNamedFromTheMibAnAdministratorAdded() throws Exception {
        List<MibCompiler.Source> sources = new ArrayList<>(MibCompiler.bundled());
        sources.add(new MibCompiler.Source("ACME-NOC-MIB.txt", MibCompilerTest.acmeMib()));
        MibNames withVendor = MibCompiler.compile(sources).names();
        EventSettings settings = EventSettings.defaults().withTrapListener("127.0.0.1", BASE + 4);
        EventIntake vendorIntake = new EventIntake(settings);
        try (TrapListener receiver = new TrapListener(settings, vendorIntake, Clock.systemUTC(), () -> withVendor)) {
            run("snmptrap", "-v", "2c", "-c", "public", "--clientaddr=127.0.0.24", "127.0.0.1:" + receiver.port(), "",
                    "1.3.6.1.4.1.99999.0.1", "1.3.6.1.4.1.99999.1.1.1.1.4", "i", "4", "1.3.6.1.4.1.99999.1.1.1.2.4", "i", "3",
                    "1.3.6.1.4.1.99999.1.2.0", "s", "chassis-A");
            List<ReceivedEvent> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.isEmpty() && System.nanoTime() < deadline) {
                vendorIntake.drain(got, 10, 200);
            }
            assertEquals(1, got.size(), "one trap received; counters " + vendorIntake.counters());
            ReceivedEvent e = got.get(0);
            assertEquals("acmeFanFailed", e.name());
            assertEquals("ACME-NOC-MIB::acmeFanFailed", e.fields().get("trap"));
            assertEquals("1.3.6.1.4.1.99999.0.1", e.fields().get("trapOid"));
            assertEquals("4", e.fields().get("acmeFanIndex.4"));
            assertEquals("failed(3)", e.fields().get("acmeFanState.4"));
            assertEquals("chassis-A", e.fields().get("acmeChassisName.0"));
            assertEquals("acmeFanFailed acmeFanIndex.4=4 acmeFanState.4=failed(3) acmeChassisName.0=chassis-A", e.message());
        }
    }

    @Test
    void aTrapWithAnotherCommunityIsRefusedAndCountedNotStored() throws Exception {
        long refused = intake.counters().refused();
        run("snmptrap", "-v", "2c", "-c", "not-the-community", "--clientaddr=127.0.0.23", "127.0.0.1:" + TRAP_PORT, "",
                "1.3.6.1.6.3.1.1.5.1");
        waitFor(() -> intake.counters().refused() > refused);
        assertTrue(drainAll().stream().noneMatch(ev -> ev.source().getHostAddress().equals("127.0.0.23")));
    }

    @Test
    void aV3AuthPrivInformIsAcknowledgedAndAWrongPassphraseIsRefused() throws Exception {
        // snmpinform exits 0 only once the receiver acknowledged the INFORM.
        run("snmpinform", "-v", "3", "-u", "wardops", "-l", "authPriv", "-a", "SHA", "-A", "trap-auth-pass", "-x", "AES",
                "-X", "trap-priv-pass", "-r", "1", "-t", "2", "--clientaddr=127.0.0.24", "127.0.0.1:" + TRAP_PORT, "",
                "1.3.6.1.6.3.1.1.5.1");
        ReceivedEvent e = next(ev -> ev.source().getHostAddress().equals("127.0.0.24"));
        assertEquals("coldStart", e.name());
        assertEquals("v3", e.fields().get("version"));
        assertEquals("true", e.fields().get("inform"));

        // A v3 trap (the sender's own engine) with the right keys arrives too.
        run("snmptrap", "-v", "3", "-e", "0x80001f8880aabbccdd", "-u", "wardops", "-l", "authPriv", "-a", "SHA", "-A",
                "trap-auth-pass", "-x", "AES", "-X", "trap-priv-pass", "--clientaddr=127.0.0.25", "127.0.0.1:" + TRAP_PORT, "",
                "1.3.6.1.6.3.1.1.5.2");
        assertEquals("warmStart", next(ev -> ev.source().getHostAddress().equals("127.0.0.25")).name());

        long refused = intake.counters().refused();
        Process wrong = new ProcessBuilder("snmpinform", "-v", "3", "-u", "wardops", "-l", "authPriv", "-a", "SHA", "-A",
                "not-the-passphrase", "-x", "AES", "-X", "trap-priv-pass", "-r", "0", "-t", "1", "--clientaddr=127.0.0.26",
                "127.0.0.1:" + TRAP_PORT, "", "1.3.6.1.6.3.1.1.5.1").redirectErrorStream(true).start();
        assertTrue(wrong.waitFor(20, TimeUnit.SECONDS));
        assertNotEquals(0, wrong.exitValue(), "an INFORM with a wrong passphrase must not be acknowledged");
        waitFor(() -> intake.counters().refused() > refused);
        assertTrue(drainAll().stream().noneMatch(ev -> ev.source().getHostAddress().equals("127.0.0.26")));
    }

    @Test
    void aV3TrapBelowTheUsersSecurityLevelIsRefusedAndCounted() throws Exception {
        // noAuthNoPriv names the configured user but proves nothing: snmp4j's USM checks no digest for it.
        long refused = intake.counters().refused();
        run("snmptrap", "-v", "3", "-e", "0x80001f8880aabbccee", "-u", "wardops", "-l", "noAuthNoPriv",
                "--clientaddr=127.0.0.27", "127.0.0.1:" + TRAP_PORT, "", "1.3.6.1.6.3.1.1.5.1");
        waitFor(() -> intake.counters().refused() > refused);
        // authNoPriv with the right passphrase, for a user configured with privacy: below its level, refused too.
        long refused2 = intake.counters().refused();
        run("snmptrap", "-v", "3", "-e", "0x80001f8880aabbccef", "-u", "wardops", "-l", "authNoPriv", "-a", "SHA", "-A",
                "trap-auth-pass", "--clientaddr=127.0.0.28", "127.0.0.1:" + TRAP_PORT, "", "1.3.6.1.6.3.1.1.5.1");
        waitFor(() -> intake.counters().refused() > refused2);
        // The same user at authPriv is accepted (from a third address, so it is known the receiver still takes v3).
        run("snmptrap", "-v", "3", "-e", "0x80001f8880aabbccf0", "-u", "wardops", "-l", "authPriv", "-a", "SHA", "-A",
                "trap-auth-pass", "-x", "AES", "-X", "trap-priv-pass", "--clientaddr=127.0.0.29", "127.0.0.1:" + TRAP_PORT, "",
                "1.3.6.1.6.3.1.1.5.1");
        assertEquals("coldStart", next(ev -> ev.source().getHostAddress().equals("127.0.0.29")).name());
        List<ReceivedEvent> all = drainAll();
        assertTrue(all.stream().noneMatch(ev -> ev.source().getHostAddress().equals("127.0.0.27")), "the noAuthNoPriv trap was not kept");
        assertTrue(all.stream().noneMatch(ev -> ev.source().getHostAddress().equals("127.0.0.28")), "the authNoPriv trap was not kept");
    }

    @Test
    void loggerMessagesArriveOverUdpAndTcpInBothFormats() throws Exception {
        run("logger", "--server", "127.0.0.1", "--port", Integer.toString(SYSLOG_PORT), "--udp", "--rfc5424", "-t", "bgpd",
                "-p", "local7.err", "--msgid", "ADJCHANGE", "--sd-id", "peer@32473", "--sd-param", "addr=\"127.51.1.1\"",
                "neighbor 127.51.1.1 Down");
        ReceivedEvent udp5424 = next(ev -> ev.name().equals("bgpd"));
        assertEquals(EventKind.SYSLOG, udp5424.kind());
        assertEquals(Severity.MAJOR, udp5424.severity());
        assertEquals("neighbor 127.51.1.1 Down", udp5424.message());
        assertEquals("local7", udp5424.fields().get("facility"));
        assertEquals("ADJCHANGE", udp5424.fields().get("msgId"));
        assertEquals("127.51.1.1", udp5424.fields().get("sd.peer@32473.addr"));
        assertEquals("rfc5424", udp5424.fields().get("format"));

        run("logger", "--server", "127.0.0.1", "--port", Integer.toString(SYSLOG_PORT), "--tcp", "--rfc3164", "-t", "vpnd",
                "-p", "auth.warning", "IKE negotiation failed");
        ReceivedEvent tcp3164 = next(ev -> ev.name().equals("vpnd"));
        assertEquals(Severity.WARNING, tcp3164.severity());
        assertEquals("IKE negotiation failed", tcp3164.message());
        assertEquals("rfc3164", tcp3164.fields().get("format"));

        run("logger", "--server", "127.0.0.1", "--port", Integer.toString(SYSLOG_PORT), "--tcp", "--octet-count", "--rfc5424",
                "-t", "ntpd", "-p", "daemon.notice", "clock step 0.5 s");
        ReceivedEvent counted = next(ev -> ev.name().equals("ntpd"));
        assertEquals(Severity.INFO, counted.severity());
        assertEquals("clock step 0.5 s", counted.message());
    }

    @Test
    void oneTcpStreamCarriesBothFramingsAndAnOversizedLineIsSkippedNotBuffered() throws Exception {
        long malformed = intake.counters().malformed();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", SYSLOG_PORT));
            OutputStream out = s.getOutputStream();
            String first = "<13>1 2026-12-05T10:00:00Z host-a app-one - - - first";
            out.write((first.getBytes(StandardCharsets.UTF_8).length + " " + first).getBytes(StandardCharsets.UTF_8));
            out.write(("<13>" + "x".repeat(20_000) + "\n").getBytes(StandardCharsets.UTF_8));
            out.write("not syslog at all\n".getBytes(StandardCharsets.UTF_8));
            out.write("<14>Dec  5 10:00:01 host-b app-two[42]: second\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            ReceivedEvent one = next(ev -> ev.name().equals("app-one"));
            assertEquals("first", one.message());
            ReceivedEvent two = next(ev -> ev.name().equals("app-two"));
            assertEquals("second", two.message());
            assertEquals("42", two.fields().get("procId"));
            assertEquals("host-b", two.fields().get("hostname"));
        }
        waitFor(() -> intake.counters().malformed() >= malformed + 2);
    }

    @Test
    void aTrapStormIsLimitedPerSourceCountedHonestlyAndOtherSourcesStillGetThrough() throws Exception {
        // A real snmptrap packet, captured once and replayed 20,000 times from one source, with
        // 2,000 packets of garbage mixed in; the receiver has its own small intake for this.
        byte[] packet;
        try (DatagramSocket capture = new DatagramSocket(new InetSocketAddress("127.0.0.1", BASE + 2))) {
            capture.setSoTimeout(10_000);
            run("snmptrap", "-v", "2c", "-c", "public", "127.0.0.1:" + (BASE + 2), "", "1.3.6.1.6.3.1.1.5.3",
                    "1.3.6.1.2.1.2.2.1.1.1", "i", "1");
            DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
            capture.receive(p);
            packet = java.util.Arrays.copyOf(p.getData(), p.getLength());
        }
        int capacity = 5_000;
        EventSettings small = EventSettings.defaults().withTrapListener("127.0.0.1", BASE + 3).withLimits(capacity, 200, 1000);
        EventIntake stormIntake = new EventIntake(small);
        try (TrapListener receiver = new TrapListener(small, stormIntake, Clock.systemUTC(), () -> STANDARD);
             DatagramSocket sender = new DatagramSocket(new InetSocketAddress("127.0.0.31", 0))) {
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", receiver.port());
            Random random = new Random(18);
            for (int i = 0; i < 22_000; i++) {
                byte[] data = packet;
                if (i % 11 == 5) {
                    data = new byte[20 + random.nextInt(200)];
                    random.nextBytes(data);
                }
                sender.send(new DatagramPacket(data, data.length, to));
                if (i % 500 == 0) {
                    Thread.sleep(5); // let the kernel buffer drain a little; the point is the rate, not UDP loss
                }
            }
            waitFor(() -> stormIntake.counters().received() + stormIntake.counters().malformed() > 0);
            // The receiver works through what the kernel buffered: wait until its counts stand still.
            long before = -1;
            for (int i = 0; i < 100; i++) {
                long now = stormIntake.counters().received() + stormIntake.counters().malformed();
                if (now == before) {
                    break;
                }
                before = now;
                Thread.sleep(300);
            }
            EventIntake.Counters c = stormIntake.counters();
            assertTrue(c.queued() <= capacity, "the queue stays within its capacity: " + c);
            assertTrue(c.received() <= 20_000, "no trap is counted twice: " + c);
            assertTrue(c.droppedRateLimited() > 0, "the storm was limited: " + c);
            assertTrue(c.malformed() > 0, "garbage is counted as malformed: " + c);

            List<ReceivedEvent> kept = new ArrayList<>();
            stormIntake.drain(kept, capacity + 10, 100);
            long trapsKept = kept.stream().filter(e -> e.kind() == EventKind.TRAP).count();
            List<ReceivedEvent> storms = kept.stream().filter(e -> e.kind() == EventKind.STORM).toList();
            assertEquals(c.received(), trapsKept + c.droppedRateLimited() + c.droppedQueueFull(),
                    "every received trap is either kept or counted as dropped: " + c);
            assertEquals(1, storms.size(), "one STORM event for the source within the minute");
            assertEquals("127.0.0.31", storms.get(0).source().getHostAddress());
            assertTrue(trapsKept >= 1000 && trapsKept < c.received(), "the first ones (the burst) were kept: " + trapsKept);

            // Another source is not starved, and the receiver still answers (an INFORM is acknowledged).
            run("snmpinform", "-v", "2c", "-c", "public", "-r", "1", "-t", "2", "--clientaddr=127.0.0.32",
                    "127.0.0.1:" + receiver.port(), "", "1.3.6.1.6.3.1.1.5.1");
            List<ReceivedEvent> after = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (after.stream().noneMatch(e -> e.source().getHostAddress().equals("127.0.0.32")) && System.nanoTime() < deadline) {
                stormIntake.drain(after, 1000, 200);
            }
            assertTrue(after.stream().anyMatch(e -> e.source().getHostAddress().equals("127.0.0.32") && e.name().equals("coldStart")),
                    "the other source's INFORM was kept");
        }
    }

    @Test
    void aFloodOfTcpConnectionsFromOneSourceIsCappedAndOtherSourcesStillConnect() throws Exception {
        EventSettings settings = EventSettings.defaults().withSyslogListener("127.0.0.1", BASE + 5).withSyslogConnectionLimits(10, 2);
        EventIntake capped = new EventIntake(settings);
        List<Socket> open = new ArrayList<>();
        try (SyslogListener receiver = new SyslogListener(settings, capped, Clock.systemUTC(), r -> {
            Thread t = new Thread(r, "syslog-cap-test");
            t.setDaemon(true);
            return t;
        })) {
            for (int i = 0; i < 5; i++) {
                Socket s = new Socket();
                s.bind(new InetSocketAddress("127.0.0.41", 0));
                s.connect(new InetSocketAddress("127.0.0.1", BASE + 5), 2000);
                s.setSoTimeout(3000);
                open.add(s);
            }
            // The first two stay open; the three beyond the cap are closed by the receiver at once (EOF) and counted.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (capped.counters().refused() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(3, capped.counters().refused(), "the connections beyond the per-source cap are refused and counted");
            for (int i = 2; i < 5; i++) {
                assertEquals(-1, open.get(i).getInputStream().read(), "connection " + i + " was closed by the receiver");
            }
            open.get(0).getOutputStream().write("<14>Dec  5 10:00:00 host app: within the cap\n".getBytes(StandardCharsets.UTF_8));
            open.get(0).getOutputStream().flush();
            try (Socket other = new Socket()) {
                other.bind(new InetSocketAddress("127.0.0.42", 0));
                other.connect(new InetSocketAddress("127.0.0.1", BASE + 5), 2000);
                other.getOutputStream().write("<14>Dec  5 10:00:00 host app: another source\n".getBytes(StandardCharsets.UTF_8));
                other.getOutputStream().flush();
                List<ReceivedEvent> got = new ArrayList<>();
                while (got.size() < 2 && System.nanoTime() < deadline) {
                    capped.drain(got, 10, 200);
                }
                assertEquals(List.of("127.0.0.41", "127.0.0.42"), got.stream().map(e -> e.source().getHostAddress()).sorted().toList(),
                        "the flooding source's allowed connections and another source both still get through");
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    private static final List<ReceivedEvent> seen = new ArrayList<>();

    /** The first event (already drained or still coming, within 10 s) that matches. */
    private static synchronized ReceivedEvent next(Predicate<ReceivedEvent> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (ReceivedEvent e : seen) {
                if (match.test(e)) {
                    seen.remove(e);
                    return e;
                }
            }
            intake.drain(seen, 1000, 200);
        }
        throw new AssertionError("no such event within 10 s; received: " + seen + " counters " + intake.counters());
    }

    private static synchronized List<ReceivedEvent> drainAll() throws InterruptedException {
        intake.drain(seen, 1000, 300);
        return List.copyOf(seen);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "condition not met within 10 s; counters " + intake.counters());
            Thread.sleep(50);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " failed: " + out);
    }
}
