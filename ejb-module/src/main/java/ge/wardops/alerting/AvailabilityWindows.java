package ge.wardops.alerting;

import ge.wardops.metrics.PingQueries;
import ge.wardops.metrics.VictoriaMetricsReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Availability over a rule's window for the whole fleet: ONE VictoriaMetrics query per window
 * length (not per device, not per rule sharing a window), answered as percent per device; the
 * server's one reader and the query history uses ({@link PingQueries}).
 */
@ApplicationScoped
public class AvailabilityWindows {

    @Inject
    VictoriaMetricsReader reader;

    /** Percent of probes answered per device over the last {@code windowSeconds}; throws when VictoriaMetrics is unavailable. */
    public Map<Long, Double> percentByDevice(int windowSeconds, Instant at) {
        long t = at.getEpochSecond();
        Map<Long, Double> out = new HashMap<>();
        for (VictoriaMetricsReader.Series s : reader.range(PingQueries.availability(windowSeconds), t, t, 60)) {
            String id = s.labels().get("device_id");
            if (id != null && !s.points().isEmpty()) {
                out.put(Long.parseLong(id), s.points().get(s.points().size() - 1).value());
            }
        }
        return out;
    }
}
