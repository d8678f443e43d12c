package ge.wardops.probe;

import ge.wardops.probe.snmp.CounterRates;
import ge.wardops.probe.snmp.SnmpItem;
import ge.wardops.probe.snmp.SnmpPollResult;
import ge.wardops.probe.snmp.SnmpReading;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest SNMP values of every polled device, kept in memory for alert rules: each gauge and
 * status as read, each counter as its per-second rate under {@code <item>_per_second}, one value
 * per index (interface), except the ifOperStatus of interfaces whose ifAdminStatus is down(2).
 * Replaced device by device on every collection; a device whose poll
 * failed keeps no values (an unknown value never satisfies a rule).
 */
@ApplicationScoped
public class LatestSnmpValues {

    private static final double[] NONE = new double[0];
    private static final String IF_ADMIN_STATUS = "ifAdminStatus";
    private static final String IF_OPER_STATUS = "ifOperStatus";
    private static final long ADMIN_DOWN = 2;

    private final Map<Long, Map<String, double[]>> values = new ConcurrentHashMap<>();

    void update(SnmpPollResult result, List<CounterRates.Rate> rates) {
        if (!result.succeeded()) {
            values.remove(result.deviceId());
            return;
        }
        // An interface an administrator shut down (ifAdminStatus down(2)) is not "down" for a rule: its
        // ifOperStatus is left out, as peers do, so an unused port never pages anyone.
        java.util.Set<String> shutDown = new java.util.HashSet<>();
        for (SnmpReading r : result.readings()) {
            if (r.ok() && IF_ADMIN_STATUS.equals(r.item()) && r.value() == ADMIN_DOWN) {
                shutDown.add(r.index());
            }
        }
        Map<String, List<Double>> collected = new HashMap<>();
        for (SnmpReading r : result.readings()) {
            if (IF_OPER_STATUS.equals(r.item()) && shutDown.contains(r.index())) {
                continue;
            }
            if (r.ok() && (r.kind() == SnmpItem.Kind.GAUGE || r.kind() == SnmpItem.Kind.STATUS)) {
                collected.computeIfAbsent(r.item(), k -> new ArrayList<>()).add(r.asDouble());
            }
        }
        for (CounterRates.Rate rate : rates) {
            collected.computeIfAbsent(rate.key().item() + "_per_second", k -> new ArrayList<>()).add(rate.perSecond());
        }
        Map<String, double[]> device = new HashMap<>(collected.size() * 2);
        collected.forEach((item, list) -> device.put(item, list.stream().mapToDouble(Double::doubleValue).toArray()));
        values.put(result.deviceId(), Map.copyOf(device));
    }

    /** The values of {@code item} on {@code deviceId}, one per index; empty when unknown. */
    public double[] values(long deviceId, String item) {
        Map<String, double[]> device = values.get(deviceId);
        double[] v = device == null ? null : device.get(item);
        return v == null ? NONE : v;
    }

    /** Replaces a device's values (tests and the benchmark feed rules without an agent). */
    public void put(long deviceId, Map<String, double[]> items) {
        values.put(deviceId, Map.copyOf(items));
    }
}
