package ge.wardops.probe;

import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import ge.wardops.testing.TestVictoriaMetrics;
import ge.wardops.testsupport.Snmpd;
import ge.wardops.testsupport.VictoriaMetricsProcess;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URL;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static ge.wardops.testing.Waits.eventually;

/**
 * The SNMP collector in the real server against real net-snmp agents on loopback addresses:
 * v2c and v3 (SHA/AES) credentials stored encrypted and used in memory, gauges, statuses and
 * counter rates in VictoriaMetrics, and an agent that never answers marked down without holding
 * up the others. The server collects every 3 s in these tests (arquillian.xml).
 */
@ExtendWith(ArquillianExtension.class)
class SnmpCollectionIT {

    private static VictoriaMetricsProcess vm;
    private static Snmpd v2cAgent;
    private static Snmpd v3Agent;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    @BeforeAll
    static void start() throws Exception {
        vm = TestVictoriaMetrics.startFresh();
        v2cAgent = Snmpd.start(InetAddress.getByName(Deployments.net() + "1"));
        v3Agent = Snmpd.start(InetAddress.getByName(Deployments.net() + "2"));
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {v2cAgent, v3Agent, vm}) {
            if (c != null) {
                c.close();
            }
        }
    }


    private static double last(List<VictoriaMetricsProcess.Series> series) {
        List<Double> values = series.get(0).values();
        return values.get(values.size() - 1);
    }

    private long branch(Http admin, String run) {
        long region = TestFleet.region(admin, "Snmp " + run, "SN" + run);
        return TestFleet.branch(admin, region, "Snmp branch " + run, "SB" + run);
    }

    private long credential(Http admin, String json) {
        Http.Answer a = admin.postJson("api/v1/snmp-credentials", json);
        assertEquals(201, a.status(), a.toString());
        return a.json().getJsonNumber("id").longValue();
    }

    private long device(Http admin, long branch, String name, String ip, int port, long credential) {
        return TestFleet.device(admin, "{\"name\":\"" + name + "\",\"ip\":\"" + ip + "\",\"type\":\"SERVER\","
                + "\"vendor\":\"net-snmp\",\"branchId\":" + branch + ",\"snmpPort\":" + port + ",\"snmpCredentialId\":" + credential + "}")
                .getJsonNumber("id").longValue();
    }

    @Test
    void countersGaugesAndStatusesFlowFromV2cAndV3AgentsAndASilentAgentIsDown() throws Exception {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String run = Deployments.unique();
        long branch = branch(admin, run);
        long v2c = credential(admin, "{\"name\":\"v2c-" + run + "\",\"snmpVersion\":\"v2c\",\"community\":\"" + Snmpd.COMMUNITY + "\"}");
        long v3 = credential(admin, "{\"name\":\"v3-" + run + "\",\"snmpVersion\":\"v3\",\"username\":\"" + Snmpd.AUTH_PRIV_USER
                + "\",\"securityLevel\":\"authPriv\",\"authProtocol\":\"SHA\",\"authPassphrase\":\"" + Snmpd.AUTH_PRIV_AUTH
                + "\",\"privProtocol\":\"AES128\",\"privPassphrase\":\"" + Snmpd.AUTH_PRIV_PRIV + "\"}");
        long a = device(admin, branch, "snmp-v2c-" + run, v2cAgent.address.getHostAddress(), v2cAgent.port, v2c);
        long b = device(admin, branch, "snmp-v3-" + run, v3Agent.address.getHostAddress(), v3Agent.port, v3);
        long silent = device(admin, branch, "snmp-silent-" + run, Deployments.net() + "3", Snmpd.freeUdpPort(), v2c);

        for (long id : new long[] {a, b}) {
            assertTrue(eventually(Duration.ofSeconds(30), () -> {
                List<VictoriaMetricsProcess.Series> up = vm.export("wardops_snmp_up{device_id=\"" + id + "\"}");
                return !up.isEmpty() && last(up) == 1.0;
            }), "device " + id + " answers SNMP");
            List<VictoriaMetricsProcess.Series> lo = vm.export("wardops_snmp_ifOperStatus{device_id=\"" + id + "\",ifname=\"lo\"}");
            assertEquals(1, lo.size(), "the loopback interface, named from ifName");
            assertEquals(1.0, last(lo), "lo is up(1)");
            assertEquals("SB" + run, lo.get(0).labels().get("branch"));
        }
        assertTrue(eventually(Duration.ofSeconds(20), () -> {
            List<VictoriaMetricsProcess.Series> up = vm.export("wardops_snmp_up{device_id=\"" + silent + "\"}");
            return !up.isEmpty() && last(up) == 0.0;
        }), "an agent that never answers is recorded as down");

        // Traffic over loopback between two polls shows as a positive inbound rate on lo.
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] payload = new byte[8192];
            for (int i = 0; i < 500; i++) {
                socket.send(new DatagramPacket(payload, payload.length, InetAddress.getLoopbackAddress(), 9));
            }
        }
        assertTrue(eventually(Duration.ofSeconds(30), () -> {
            List<VictoriaMetricsProcess.Series> rate = vm.export("wardops_snmp_ifHCInOctets_per_second{device_id=\"" + a + "\",ifname=\"lo\"}");
            return !rate.isEmpty() && rate.get(0).values().stream().anyMatch(v -> v > 0);
        }), "a rate is computed from two counter readings");
        // The v3 agent's second poll may land in VictoriaMetrics a moment after the v2c agent's rate does
        // (each device's samples are written as they are read); wait for it rather than read once.
        assertTrue(eventually(Duration.ofSeconds(30), () -> {
            List<VictoriaMetricsProcess.Series> uptime = vm.export("wardops_snmp_uptime_seconds{device_id=\"" + b + "\"}");
            if (uptime.isEmpty()) {
                return false;
            }
            List<Double> values = uptime.get(0).values();
            return values.size() >= 2 && values.get(values.size() - 1) > values.get(0);
        }), () -> "uptime grows between polls: " + vm.export("wardops_snmp_uptime_seconds{device_id=\"" + b + "\"}")
                + ", answers: " + vm.export("wardops_snmp_up{device_id=\"" + b + "\"}"));
    }
}
