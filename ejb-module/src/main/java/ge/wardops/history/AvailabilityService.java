package ge.wardops.history;

import ge.wardops.cache.LocalCaches;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.infinispan.configuration.cache.ConfigurationBuilder;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Availability percentages of the whole fleet per window, cached: every branch and region summary
 * in a TTL shares one VictoriaMetrics query per window, and concurrent misses share one call. The
 * entry holds every device, so it holds no caller and no scope; the summaries scope what they show.
 */
@ApplicationScoped
public class AvailabilityService {

    @Inject
    HistorySource source;

    @Inject
    MetricRegistry metrics;

    @EJB
    LocalCaches caches;

    @Inject
    HistorySettings settings;

    /**
     * One fleet-wide read. {@code generation} grows with every read from VictoriaMetrics, so an answer
     * built from a read can tell whether a newer one has come since (FleetSummaries' versions).
     */
    public record FleetAvailability(long generation, Map<Long, Double> byDevice) {
    }

    private final AtomicLong generations = new AtomicLong();

    private SingleFlight<AvailabilityWindow, FleetAvailability> flights;

    @PostConstruct
    void start() {
        flights = new SingleFlight<>(caches.cache("fleet-availability", new ConfigurationBuilder()
                        .memory().maxCount(AvailabilityWindow.values().length)
                        .expiration().lifespan(settings.availabilityTtl().toSeconds(), TimeUnit.SECONDS).wakeUpInterval(30, TimeUnit.SECONDS)
                        .build()),
                metrics.counter("wardops_availability_cache_hits"), metrics.counter("wardops_availability_cache_misses"));
    }

    /**
     * Each device's availability in percent over the window; a device without samples is absent.
     *
     * @throws HistoryUnavailableException when VictoriaMetrics does not answer or the breaker is open
     */
    public Map<Long, Double> byDevice(AvailabilityWindow window) {
        return fleet(window).byDevice();
    }

    /**
     * As {@link #byDevice}, with the read's generation.
     *
     * @throws HistoryUnavailableException when VictoriaMetrics does not answer or the breaker is open
     */
    public FleetAvailability fleet(AvailabilityWindow window) {
        return flights.get(window, w -> {
            Map<Long, Double> read = source.availability(w);
            return new FleetAvailability(generations.incrementAndGet(), read);
        }, w -> settings.availabilityTtl().toSeconds());
    }
}
