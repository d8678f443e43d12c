package ge.wardops.probe;

import ge.wardops.inventory.MonitoredDevice;
import ge.wardops.metrics.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The samples one ping result becomes in VictoriaMetrics (names and labels documented in
 * docs/metrics.md): whether the device answered, its loss and, when it answered, its RTT.
 */
final class PingSamples {

    private PingSamples() {
    }

    static List<Sample> of(MonitoredDevice device, PingResult r) {
        Map<String, String> labels = Map.of("device_id", Long.toString(device.id()), "branch", device.branch(),
                "region", device.region(), "type", device.type().name());
        long at = r.at().toEpochMilli();
        List<Sample> samples = new ArrayList<>(3);
        samples.add(new Sample("wardops_ping_up", labels, r.reachable() ? 1 : 0, at));
        samples.add(new Sample("wardops_ping_loss_percent", labels, r.lossPercent(), at));
        if (r.rttAvgMs() != null) {
            samples.add(new Sample("wardops_ping_rtt_ms", labels, r.rttAvgMs(), at));
        }
        return samples;
    }
}
