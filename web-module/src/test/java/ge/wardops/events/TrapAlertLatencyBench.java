package ge.wardops.events;

import ge.wardops.testing.Deployments;
import ge.wardops.testing.FeedClient;
import ge.wardops.testing.Http;
import ge.wardops.testing.Percentiles;
import ge.wardops.testing.TestFleet;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.snmp4j.CommunityTarget;
import org.snmp4j.PDU;
import org.snmp4j.Snmp;
import org.snmp4j.mp.SnmpConstants;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;
import org.snmp4j.smi.TimeTicks;
import org.snmp4j.smi.UdpAddress;
import org.snmp4j.smi.VariableBinding;
import org.snmp4j.transport.DefaultUdpTransportMapping;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Not a test of the normal run (its name does not end in IT): the trap → alert latency benchmark
 * that deployment/bench/traps runs with {@code --latency}. In the real server, N routers each send a
 * linkDown trap (snmp4j, from the router's own loopback address, 100 ms apart); for each it measures
 * the time from sending to the FIRING delta of its interface alert arriving on a /api/v1/ws/alerts
 * client, then the same from the linkUp to RESOLVED. Writes one JSON line to {@code bench.out}.
 */
@ExtendWith(ArquillianExtension.class)
class TrapAlertLatencyBench {

    private static final OID LINK_DOWN = new OID("1.3.6.1.6.3.1.1.5.3");
    private static final OID LINK_UP = new OID("1.3.6.1.6.3.1.1.5.4");
    private static final OID IF_INDEX = new OID("1.3.6.1.2.1.2.2.1.1.1");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    @Test
    void latencyFromTrapToTheWebSocketClient() throws Exception {
        int n = Integer.getInteger("bench.devices", 50);
        int port = Integer.parseInt(System.getProperty("test.events.trap.port"));
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String run = Deployments.unique();
        String net = Deployments.net();
        long region = TestFleet.region(admin, "Trap latency " + run, "TL" + run);
        long branch = TestFleet.branch(admin, region, "Trap latency " + run, "TLB" + run);
        Map<String, Integer> routerOf = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            long id = TestFleet.device(admin, "{\"name\":\"trap-lat-" + i + "-" + run + "\",\"ip\":\"" + net + i
                    + "\",\"type\":\"ROUTER\",\"branchId\":" + branch + "}").getJsonNumber("id").longValue();
            routerOf.put("trap:device:" + id + ":ifIndex:1", i);
        }
        Thread.sleep(2000); // the pipeline reads the inventory's addresses again after the change
        long[] downSent = new long[n + 1];
        long[] upSent = new long[n + 1];
        List<Long> firing;
        List<Long> resolved;
        try (FeedClient feed = FeedClient.connect(base, "api/v1/ws/alerts", "admin", Deployments.ADMIN_PASSWORD).get(20, TimeUnit.SECONDS)) {
            assertEquals("snapshot", feed.next(Duration.ofSeconds(10)).type());
            for (int i = 1; i <= n; i++) {
                downSent[i] = send(net + i, port, LINK_DOWN);
                Thread.sleep(100);
            }
            firing = latencies(collect(feed, "FIRING", routerOf, Duration.ofSeconds(30)), downSent);
            for (int i = 1; i <= n; i++) {
                upSent[i] = send(net + i, port, LINK_UP);
                Thread.sleep(100);
            }
            resolved = latencies(collect(feed, "RESOLVED", routerOf, Duration.ofSeconds(30)), upSent);
        }
        String line = String.format(Locale.ROOT, "{\"routers\":%d,\"firing_received\":%d,\"firing_p50_ms\":%d,\"firing_p95_ms\":%d,"
                        + "\"firing_max_ms\":%d,\"resolved_received\":%d,\"resolved_p50_ms\":%d,\"resolved_p95_ms\":%d,\"resolved_max_ms\":%d}",
                n, firing.size(), Percentiles.of(firing, 50), Percentiles.of(firing, 95), Percentiles.of(firing, 100), resolved.size(),
                Percentiles.of(resolved, 50), Percentiles.of(resolved, 95), Percentiles.of(resolved, 100));
        Files.writeString(Path.of(System.getProperty("bench.out", "target/trap-alert-latency.json")), line + "\n");
        System.out.println("TRAP-ALERT-LATENCY " + line);
        assertEquals(n, firing.size(), "every router's alert arrived");
        assertEquals(n, resolved.size(), "every router's resolution arrived");
    }

    /** A v2c trap for ifIndex 1 from {@code from}; answers when it left (epoch ms). */
    private static long send(String from, int port, OID trap) throws Exception {
        Snmp snmp = new Snmp(new DefaultUdpTransportMapping(new UdpAddress(from + "/0")));
        try {
            PDU pdu = new PDU();
            pdu.setType(PDU.TRAP);
            pdu.add(new VariableBinding(SnmpConstants.sysUpTime, new TimeTicks(1000)));
            pdu.add(new VariableBinding(SnmpConstants.snmpTrapOID, trap));
            pdu.add(new VariableBinding(IF_INDEX, new Integer32(1)));
            CommunityTarget<UdpAddress> target = new CommunityTarget<>(new UdpAddress("127.0.0.1/" + port), new OctetString("public"));
            target.setVersion(SnmpConstants.version2c);
            long at = System.currentTimeMillis();
            snmp.send(pdu, target);
            return at;
        } finally {
            snmp.close();
        }
    }

    /** When each router's {@code kind} delta arrived (epoch ms). */
    private static Map<Integer, Long> collect(FeedClient feed, String kind, Map<String, Integer> routerOf, Duration limit)
            throws InterruptedException {
        Map<Integer, Long> at = new HashMap<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (at.size() < routerOf.size() && System.nanoTime() < deadline) {
            FeedClient.Message m = feed.next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (m == null || !m.type().equals("delta")) {
                continue;
            }
            for (var v : m.json().getJsonArray("changes")) {
                JsonObject c = (JsonObject) v;
                Integer router = routerOf.get(c.getJsonObject("alert").getString("subjectKey"));
                if (router != null && c.getString("kind").equals(kind)) {
                    at.putIfAbsent(router, m.receivedAtMillis());
                }
            }
        }
        return at;
    }

    private static List<Long> latencies(Map<Integer, Long> received, long[] sent) {
        List<Long> out = new ArrayList<>();
        received.forEach((router, at) -> out.add(at - sent[router]));
        Collections.sort(out);
        return out;
    }
}
