package ge.wardops.probe;

import ge.wardops.inventory.MonitoredDevice;
import ge.wardops.metrics.Sample;
import ge.wardops.probe.snmp.CounterRates;
import ge.wardops.probe.snmp.SnmpItem;
import ge.wardops.probe.snmp.SnmpPollResult;
import ge.wardops.probe.snmp.SnmpReading;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples one SNMP poll becomes (names in docs/metrics.md): whether the agent answered, its
 * uptime, each gauge and status as read, each counter as a per-second rate. Interface rows carry
 * their index and, when the agent told it, the interface name.
 */
final class SnmpSamples {

    static final String UPTIME_ITEM = "sysUpTime";
    static final String IFNAME_ITEM = "ifName";

    private SnmpSamples() {
    }

    static List<Sample> of(MonitoredDevice device, SnmpPollResult result, List<CounterRates.Rate> rates) {
        Map<String, String> base = Map.of("device_id", Long.toString(device.id()), "branch", device.branch(),
                "region", device.region(), "type", device.type().name());
        long at = result.polledAt().toEpochMilli();
        List<Sample> samples = new ArrayList<>();
        samples.add(new Sample("wardops_snmp_up", base, result.succeeded() ? 1 : 0, at));
        result.sysUpTime().ifPresent(ticks -> samples.add(new Sample("wardops_snmp_uptime_seconds", base, ticks / 100.0, at)));
        Map<String, String> names = new HashMap<>();
        for (SnmpReading r : result.readings(IFNAME_ITEM)) {
            if (r.ok() && r.text() != null) {
                names.put(r.index(), r.text());
            }
        }
        for (SnmpReading r : result.readings()) {
            boolean level = r.kind() == SnmpItem.Kind.GAUGE || r.kind() == SnmpItem.Kind.STATUS;
            if (r.ok() && level && !r.item().equals(UPTIME_ITEM)) {
                samples.add(new Sample("wardops_snmp_" + r.item(), labels(base, r.index(), names), r.asDouble(), at));
            }
        }
        for (CounterRates.Rate rate : rates) {
            samples.add(new Sample("wardops_snmp_" + rate.key().item() + "_per_second",
                    labels(base, rate.key().index(), names), rate.perSecond(), at));
        }
        return samples;
    }

    private static Map<String, String> labels(Map<String, String> base, String index, Map<String, String> names) {
        if (index == null || index.isEmpty()) {
            return base;
        }
        Map<String, String> labels = new HashMap<>(base);
        labels.put("index", index);
        String name = names.get(index);
        if (name != null && !name.isBlank()) {
            labels.put("ifname", name);
        }
        return labels;
    }
}
