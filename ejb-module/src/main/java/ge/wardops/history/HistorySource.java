package ge.wardops.history;

import ge.wardops.metrics.PingQueries;
import ge.wardops.metrics.VictoriaMetricsReader;
import ge.wardops.report.HourlyRollup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place that asks VictoriaMetrics for history, through the server's one reader
 * ({@link ge.wardops.metrics.MetricsSettings}). Guarded by the HTTP client's own timeouts
 * ({@code wardops.history.vm-connect-timeout-ms}, {@code wardops.history.vm-request-timeout-ms}) and a
 * MicroProfile Fault Tolerance circuit breaker (overridable per its config, e.g.
 * {@code ge.wardops.history.HistorySource/fetch/CircuitBreaker/delay}): once VictoriaMetrics failed for
 * half of the last four calls, calls fail at once until the delay has passed, so request threads are
 * not held by a dead VictoriaMetrics. No {@code @Timeout} on top: the client's timeout already bounds
 * the call, and Payara's {@code @Timeout} costs every cache miss ~0.2 ms (a timer scheduled and
 * cancelled per call; measured, docs/performance.md "Read path").
 */
@ApplicationScoped
public class HistorySource {

    @Inject
    VictoriaMetricsReader reader;

    @Inject
    HistorySettings settings;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    /** Null when {@code wardops.history.from-rollups} is off: every history is read from the raw samples. */
    private HourlyHistory hourly;

    @PostConstruct
    void start() {
        if (settings.fromRollups()) {
            hourly = new HourlyHistory(reader, HourlyRollup.rolledHours(reader), settings.rolledHoursMaxAge(), Instant::now, executor);
        }
    }

    /**
     * The history of each device over the range; a device without samples is absent from the map. A
     * range with a step of whole hours is read from the hourly rollups where they are in ({@link HourlyHistory}).
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, delayUnit = ChronoUnit.MILLIS, successThreshold = 1)
    public Map<Long, DeviceHistory> fetch(Collection<Long> deviceIds, HistoryRange range) {
        List<VictoriaMetricsReader.Series> series = hourly != null && HourlyHistory.serves(range)
                ? hourly.series(deviceIds, range)
                : reader.rangeForDevices(PingQueries.HISTORY.replace("%2$d", String.valueOf(range.stepSeconds())), deviceIds,
                range.from().getEpochSecond(), range.to().getEpochSecond(), range.stepSeconds());
        Map<Long, DeviceHistory> byDevice = new HashMap<>();
        for (VictoriaMetricsReader.Series s : series) {
            long id = Long.parseLong(s.labels().get("device_id"));
            DeviceHistory h = byDevice.computeIfAbsent(id, d -> DeviceHistory.empty(d, range));
            List<List<Number>> points = s.points().stream().map(p -> List.<Number>of(p.epochMillis(), p.value())).toList();
            byDevice.put(id, switch (s.labels().getOrDefault("series", "")) {
                case "rtt" -> new DeviceHistory(id, h.from(), h.to(), h.stepSeconds(), points, h.lossPercent(), h.availabilityPercent());
                case "loss" -> new DeviceHistory(id, h.from(), h.to(), h.stepSeconds(), h.rttMs(), points, h.availabilityPercent());
                case "availability" -> new DeviceHistory(id, h.from(), h.to(), h.stepSeconds(), h.rttMs(), h.lossPercent(), points);
                default -> h;
            });
        }
        return byDevice;
    }

    /**
     * Any other per-device range query (e.g. interface traffic) under the same timeout and breaker:
     * every {@code %1$s} in {@code expression} becomes the device selector, {@code %2$d} the step.
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, delayUnit = ChronoUnit.MILLIS, successThreshold = 1)
    public List<VictoriaMetricsReader.Series> series(String expression, Collection<Long> deviceIds, HistoryRange range) {
        return reader.rangeForDevices(expression.replace("%2$d", String.valueOf(range.stepSeconds())), deviceIds,
                range.from().getEpochSecond(), range.to().getEpochSecond(), range.stepSeconds());
    }

    /**
     * Every device's availability in percent over the window ending now, in one instant query for the
     * whole fleet (the summaries' callers aggregate by branch and region). A device without samples
     * in the window is absent.
     */
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 10_000, delayUnit = ChronoUnit.MILLIS, successThreshold = 1)
    public Map<Long, Double> availability(AvailabilityWindow window) {
        Map<Long, Double> byDevice = new HashMap<>();
        for (VictoriaMetricsReader.Series s : reader.instant(PingQueries.availability(window.span().toSeconds()),
                Instant.now().getEpochSecond())) {
            String id = s.labels().get("device_id");
            if (id != null && !s.points().isEmpty()) {
                byDevice.put(Long.parseLong(id), s.points().get(0).value());
            }
        }
        return Map.copyOf(byDevice);
    }
}
