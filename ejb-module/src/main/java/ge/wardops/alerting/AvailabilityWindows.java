package ge.wardops.alerting;

import ge.wardops.metrics.VictoriaMetricsReader;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Availability over a rule's window for the whole fleet: ONE VictoriaMetrics query per window
 * length (not per device, not per rule sharing a window), answered as percent per device.
 */
@ApplicationScoped
public class AvailabilityWindows {

    static final String QUERY = "avg by (device_id) (avg_over_time(wardops_ping_up[%ds])) * 100";

    @Inject
    @ConfigProperty(name = "wardops.vm.url", defaultValue = "http://127.0.0.1:8428")
    String url;

    private VictoriaMetricsReader reader;

    @PostConstruct
    void start() {
        reader = new VictoriaMetricsReader(URI.create(url), Duration.ofSeconds(2), Duration.ofSeconds(10));
    }

    /** Percent of probes answered per device over the last {@code windowSeconds}; throws when VictoriaMetrics is unavailable. */
    public Map<Long, Double> percentByDevice(int windowSeconds, Instant at) {
        long t = at.getEpochSecond();
        Map<Long, Double> out = new HashMap<>();
        for (VictoriaMetricsReader.Series s : reader.range(String.format(QUERY, windowSeconds), t, t, 60)) {
            String id = s.labels().get("device_id");
            if (id != null && !s.points().isEmpty()) {
                out.put(Long.parseLong(id), s.points().get(s.points().size() - 1).value());
            }
        }
        return out;
    }
}
