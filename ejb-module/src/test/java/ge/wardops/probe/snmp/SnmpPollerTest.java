package ge.wardops.probe.snmp;

import ge.wardops.testsupport.Snmpd;

import ge.wardops.inventory.credentials.SnmpCredentials;
import ge.wardops.inventory.credentials.SnmpCredentials.AuthProtocol;
import ge.wardops.inventory.credentials.SnmpCredentials.PrivProtocol;
import ge.wardops.inventory.credentials.SnmpCredentials.Usm;
import ge.wardops.probe.snmp.SnmpPollResult.Failure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poller against a real net-snmp agent on loopback: real values, real v3 cryptography, real
 * timeouts. Every wait is bounded: by the poller's own timeouts, and by each test's @Timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SnmpPollerTest {

    /** Short, so the timeout tests are quick; loopback answers in well under a millisecond. */
    static final Duration TIMEOUT = Duration.ofMillis(500);
    static final int RETRIES = 1;
    static final long WAIT_SECONDS = 30;

    static Snmpd snmpd;
    static SnmpPoller poller;
    static List<SnmpItem> generic;

    @BeforeAll
    static void startAgentAndPoller() throws Exception {
        snmpd = Snmpd.start();
        poller = new SnmpPoller(SnmpPollerSettings.defaults()
                .withLocalAddress(InetAddress.getLoopbackAddress())
                .withTimeout(TIMEOUT, RETRIES)
                .withMaxInFlight(32)); // below the 200-target batch, so queueing is exercised too
        generic = SnmpTemplates.load().items(SnmpTemplates.GENERIC);
    }

    @AfterAll
    static void stopThem() throws Exception {
        if (poller != null) {
            poller.close();
        }
        if (snmpd != null) {
            snmpd.close();
        }
    }

    @Test
    void sysUpTimeAdvancesBetweenTwoPolls() throws Exception {
        SnmpPollResult first = pollOne(v2c(1));
        Thread.sleep(1_100);
        SnmpPollResult second = pollOne(v2c(1));

        assertTrue(first.succeeded(), first::toString);
        assertTrue(second.succeeded(), second::toString);
        long before = first.sysUpTime().orElseThrow();
        long after = second.sysUpTime().orElseThrow();
        assertTrue(after - before >= 100, "sysUpTime went from " + before + " to " + after + " in 1.1 s");
        assertEquals(after, second.reading("sysUpTime", "").orElseThrow().value());
    }

    @Test
    void loopbackInterfaceIsUp() throws Exception {
        SnmpPollResult result = pollOne(v2c(2));

        String lo = loIndex(result);
        assertEquals(1, result.reading("ifOperStatus", lo).orElseThrow().value(), "ifOperStatus of lo is up(1)");
        assertEquals(SnmpItem.Kind.STATUS, result.reading("ifOperStatus", lo).orElseThrow().kind());
    }

    @Test
    void loopbackTrafficBetweenTwoPollsGivesAPositiveRate() throws Exception {
        CounterRates rates = new CounterRates();
        SnmpPollResult first = pollOne(v2c(3));
        String lo = loIndex(first);
        long before = first.reading("ifHCInOctets", lo).orElseThrow().value();
        assertTrue(rates.update(first).stream().noneMatch(r -> r.key().index().equals(lo)), "no rate from a first reading");

        long sent = sendLoopbackTraffic(2_000_000);

        // net-snmp refreshes interface counters from the kernel about every 3 s; poll until the
        // traffic shows, for at most 10 s.
        SnmpPollResult second = first;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Thread.sleep(500);
            second = pollOne(v2c(3));
            if (second.reading("ifHCInOctets", lo).orElseThrow().value() - before >= sent) {
                break;
            }
        }
        long after = second.reading("ifHCInOctets", lo).orElseThrow().value();
        assertTrue(after - before >= sent, "lo ifHCInOctets grew by " + (after - before) + ", we sent " + sent);

        double perSecond = rates.update(second).stream()
                .filter(r -> r.key().equals(new CounterRates.Key(3, "ifHCInOctets", lo)))
                .findFirst().orElseThrow().perSecond();
        double seconds = Duration.between(first.polledAt(), second.polledAt()).toNanos() / 1e9;
        assertTrue(perSecond > 0, "rate " + perSecond);
        assertEquals((after - before) / seconds, perSecond, 1e-6 * perSecond);
    }

    @Test
    void v3AuthPrivWithShaAndAesAnswers() throws Exception {
        SnmpPollResult result = pollOne(new SnmpTarget(4, snmpd.address, snmpd.port, authPriv(Snmpd.AUTH_PRIV_AUTH)));

        assertTrue(result.succeeded(), result::toString);
        assertEquals(1, result.reading("ifOperStatus", loIndex(result)).orElseThrow().value());
    }

    @Test
    void v3AuthNoPrivWithShaAnswers() throws Exception {
        SnmpPollResult result = pollOne(new SnmpTarget(5, snmpd.address, snmpd.port,
                Usm.authNoPriv(Snmpd.AUTH_ONLY_USER, AuthProtocol.SHA, Snmpd.AUTH_ONLY_AUTH.toCharArray())));

        assertTrue(result.succeeded(), result::toString);
        assertTrue(result.sysUpTime().isPresent());
    }

    @Test
    void v3AuthPrivWithSha256Answers() throws Exception {
        SnmpPollResult result = pollOne(new SnmpTarget(6, snmpd.address, snmpd.port,
                Usm.authPriv(Snmpd.SHA256_USER, AuthProtocol.SHA256, Snmpd.SHA256_AUTH.toCharArray(),
                        PrivProtocol.AES128, Snmpd.SHA256_PRIV.toCharArray())));

        assertTrue(result.succeeded(), result::toString);
        assertTrue(result.sysUpTime().isPresent());
    }

    @Test
    void wrongV3PassphraseFailsThatDeviceOnlyEvenBesideTheSameUserWithTheRightOne() throws Exception {
        // Same agent, same user name, so the same USM entry: right and wrong keys interleaved in one
        // batch must not overwrite each other while requests are in flight.
        List<SnmpTarget> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(new SnmpTarget(100 + i, snmpd.address, snmpd.port,
                    authPriv(i % 2 == 0 ? Snmpd.AUTH_PRIV_AUTH : "not-the-passphrase")));
        }

        long started = System.nanoTime();
        List<SnmpPollResult> results = poller.poll(batch, generic).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        for (int i = 0; i < 20; i++) {
            SnmpPollResult result = results.get(i);
            if (i % 2 == 0) {
                assertTrue(result.succeeded(), result::toString);
            } else {
                assertEquals(Failure.AUTHENTICATION, result.failure(), result::toString);
                assertTrue(result.detail().contains("usmStatsWrongDigests"), result.detail());
                assertTrue(result.readings().isEmpty());
            }
        }
        assertTrue(took.compareTo(TIMEOUT) < 0, "a refused passphrase is known at once, not after a timeout: " + took);
    }

    @Test
    void unknownV3UserIsAnAuthenticationFailure() throws Exception {
        SnmpTarget unknownUser = new SnmpTarget(19, snmpd.address, snmpd.port,
                Usm.authNoPriv("nobody-here", AuthProtocol.SHA, "whatever-pass".toCharArray()));

        SnmpPollResult result = pollOne(unknownUser);

        assertEquals(Failure.AUTHENTICATION, result.failure(), result::toString);
        assertTrue(result.detail().contains("usmStatsUnknownUserNames"), result.detail());
    }

    @Test
    void wrongPrivacyPassphraseTimesOutBecauseNetSnmpStaysSilent() throws Exception {
        // net-snmp 5.9 cannot parse what it cannot decrypt and sends nothing back (it logs
        // "error parsing ScopedPDU"), so to the poller this is a timeout, not a refusal.
        SnmpTarget wrongPriv = new SnmpTarget(18, snmpd.address, snmpd.port, Usm.authPriv(Snmpd.AUTH_PRIV_USER,
                AuthProtocol.SHA, Snmpd.AUTH_PRIV_AUTH.toCharArray(), PrivProtocol.AES128, "not-the-priv-pass".toCharArray()));

        SnmpPollResult result = pollOne(wrongPriv);

        assertEquals(Failure.TIMEOUT, result.failure(), result::toString);
    }

    @Test
    void wrongCommunityTimesOutBecauseAgentsStaySilent() throws Exception {
        SnmpTarget wrong = new SnmpTarget(10, snmpd.address, snmpd.port, new SnmpCredentials.Community("guess".toCharArray()));

        SnmpPollResult result = pollOne(wrong);

        assertEquals(Failure.TIMEOUT, result.failure(), result::toString);
        assertTrue(result.readings().isEmpty());
    }

    @Test
    void silentPortTimesOutWithinTheTimeoutWhileTheRestOfTheBatchAnswers() throws Exception {
        int silentPort = Snmpd.freeUdpPort();
        SnmpTarget silent = new SnmpTarget(11, snmpd.address, silentPort, community());
        SnmpTarget silentV3 = new SnmpTarget(12, snmpd.address, silentPort, authPriv(Snmpd.AUTH_PRIV_AUTH));
        SnmpTarget healthy = v2c(13);

        long started = System.nanoTime();
        CompletableFuture<SnmpPollResult> dead = poller.poll(silent, generic);
        CompletableFuture<SnmpPollResult> deadV3 = poller.poll(silentV3, generic);
        SnmpPollResult alive = poller.poll(healthy, generic).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Duration aliveAfter = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(alive.succeeded(), alive::toString);
        assertFalse(dead.isDone(), "the healthy device answered while the silent one was still waiting");

        SnmpPollResult timedOut = dead.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Duration deadAfter = Duration.ofNanos(System.nanoTime() - started);
        SnmpPollResult timedOutV3 = deadV3.get(WAIT_SECONDS, TimeUnit.SECONDS);

        Duration budget = TIMEOUT.multipliedBy(RETRIES + 1);
        assertEquals(Failure.TIMEOUT, timedOut.failure(), timedOut::toString);
        assertEquals(Failure.TIMEOUT, timedOutV3.failure(), timedOutV3::toString);
        // snmp4j schedules its timeouts on a millisecond clock: one may end up to a millisecond before the
        // nanosecond clock here says (seen: 999.998 ms of 1 s); 2 ms of slack, anything earlier is a real early give-up.
        assertTrue(deadAfter.compareTo(budget.minusMillis(2)) >= 0, "gave up before the timeout: " + deadAfter);
        assertTrue(deadAfter.compareTo(budget.plusMillis(500)) < 0, "took " + deadAfter + " for a budget of " + budget);
        assertTrue(aliveAfter.compareTo(TIMEOUT) < 0, "healthy device took " + aliveAfter);
        System.out.printf("silent port: TIMEOUT after %d ms (budget %d ms); healthy neighbour answered after %d ms%n",
                deadAfter.toMillis(), budget.toMillis(), aliveAfter.toMillis());
    }

    @Test
    void twoHundredTargetsGiveOneResultEachInOrder() throws Exception {
        List<SnmpTarget> batch = new ArrayList<>();
        IntStream.range(0, 200).forEach(i -> batch.add(i % 4 == 0
                ? new SnmpTarget(1_000 + i, snmpd.address, snmpd.port, authPriv(Snmpd.AUTH_PRIV_AUTH))
                : v2c(1_000 + i)));

        long started = System.nanoTime();
        List<SnmpPollResult> results = poller.poll(batch, generic).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(200, results.size());
        for (int i = 0; i < 200; i++) {
            SnmpPollResult result = results.get(i);
            assertEquals(1_000 + i, result.deviceId());
            assertTrue(result.succeeded(), result::toString);
            assertEquals(1, result.reading("ifOperStatus", loIndex(result)).orElseThrow().value());
        }
        System.out.printf("200 targets (50 v3 authPriv, 150 v2c), %d readings each, maxInFlight 32: %d ms%n",
                results.get(0).readings().size(), took.toMillis());
    }

    @Test
    void itemTheAgentDoesNotHaveIsAnErrorReadingNotAFailedPoll() throws Exception {
        SnmpTemplates templates = SnmpTemplates.load();
        List<SnmpItem> fortinet = templates.items("fortinet");
        List<SnmpItem> cisco = templates.items("cisco");

        SnmpPollResult asFortigate = pollOne(v2c(14), fortinet);
        SnmpPollResult asCisco = pollOne(v2c(15), cisco);

        assertTrue(asFortigate.succeeded(), asFortigate::toString);
        SnmpReading cpu = asFortigate.reading("fgSysCpuUsage", "").orElseThrow();
        assertFalse(cpu.ok());
        assertEquals("noSuchObject", cpu.error());
        assertTrue(asCisco.succeeded(), asCisco::toString);
        assertTrue(asCisco.readings("cpmCPUTotal5minRev").isEmpty(), "a column the agent lacks has no rows");
        assertFalse(asCisco.readings("ifHCInOctets").isEmpty());
    }

    @Test
    void aDeviceThatTakesLongerThanMaxPollTimeIsGivenUpAtThatTime() throws Exception {
        Duration maxPollTime = Duration.ofMillis(300);
        try (SnmpPoller own = new SnmpPoller(SnmpPollerSettings.defaults()
                .withLocalAddress(InetAddress.getLoopbackAddress())
                .withTimeout(Duration.ofSeconds(5), 0)
                .withMaxPollTime(maxPollTime))) {
            long started = System.nanoTime();
            SnmpPollResult result = own.poll(new SnmpTarget(20, snmpd.address, Snmpd.freeUdpPort(), community()), generic)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertEquals(Failure.TIMEOUT, result.failure(), result::toString);
            assertTrue(result.detail().contains("maxPollTime"), result.detail());
            assertTrue(took.compareTo(maxPollTime) >= 0 && took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
            assertEquals(0, own.inFlight(), "the slot is free again");
        }
    }

    @Test
    void closingThePollerEndsPollsStillWaiting() throws Exception {
        SnmpPoller own = new SnmpPoller(SnmpPollerSettings.defaults()
                .withLocalAddress(InetAddress.getLoopbackAddress()).withTimeout(Duration.ofSeconds(5), 0));
        CompletableFuture<SnmpPollResult> waiting =
                own.poll(new SnmpTarget(16, snmpd.address, Snmpd.freeUdpPort(), community()), generic);
        Thread.sleep(100);

        long started = System.nanoTime();
        own.close();
        SnmpPollResult result = waiting.get(2, TimeUnit.SECONDS);

        assertEquals(Failure.CLOSED, result.failure());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1_000);
    }

    @Test
    void v2cReadingsCarryTheirKinds() throws Exception {
        SnmpPollResult result = pollOne(v2c(17));
        String lo = loIndex(result);

        assertEquals(SnmpItem.Kind.COUNTER64, result.reading("ifHCInOctets", lo).orElseThrow().kind());
        assertEquals(SnmpItem.Kind.COUNTER32, result.reading("ifInErrors", lo).orElseThrow().kind());
        assertEquals("lo", result.reading("ifName", lo).orElseThrow().text());
        assertNull(result.failure());
    }

    // --- helpers ---

    static SnmpPollResult pollOne(SnmpTarget target) throws Exception {
        return pollOne(target, generic);
    }

    static SnmpPollResult pollOne(SnmpTarget target, List<SnmpItem> items) throws Exception {
        return poller.poll(target, items).get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static SnmpTarget v2c(long deviceId) {
        return new SnmpTarget(deviceId, snmpd.address, snmpd.port, community());
    }

    static SnmpCredentials community() {
        return new SnmpCredentials.Community(Snmpd.COMMUNITY.toCharArray());
    }

    static Usm authPriv(String authPassphrase) {
        return Usm.authPriv(Snmpd.AUTH_PRIV_USER, AuthProtocol.SHA, authPassphrase.toCharArray(),
                PrivProtocol.AES128, Snmpd.AUTH_PRIV_PRIV.toCharArray());
    }

    /** The row of the loopback interface, found by name as an operator would. */
    static String loIndex(SnmpPollResult result) {
        return result.readings("ifName").stream().filter(r -> "lo".equals(r.text())).findFirst()
                .orElseThrow(() -> new AssertionError("no interface named lo in " + result.readings("ifName")))
                .index();
    }

    /** Sends UDP datagrams to ourselves over loopback; returns the payload bytes the receiver got. */
    static long sendLoopbackTraffic(long bytes) throws IOException {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (DatagramSocket receiver = new DatagramSocket(0, lo); DatagramSocket sender = new DatagramSocket(0, lo)) {
            receiver.setSoTimeout(1_000);
            byte[] payload = new byte[50_000];
            byte[] buffer = new byte[65_536];
            long received = 0;
            while (received < bytes) {
                sender.send(new DatagramPacket(payload, payload.length, lo, receiver.getLocalPort()));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                receiver.receive(packet); // one at a time, so none is dropped and all of it was on the wire
                received += packet.getLength();
            }
            return received;
        }
    }
}
