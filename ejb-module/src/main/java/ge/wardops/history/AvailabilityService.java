package ge.wardops.history;

import ge.wardops.cache.LocalCaches;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.infinispan.configuration.cache.ConfigurationBuilder;

import java.util.Map;
import java.util.concurrent.TimeUnit;

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
    @ConfigProperty(name = "wardops.availability.cache.ttl-seconds", defaultValue = "60")
    long ttlSeconds;

    private SingleFlight<AvailabilityWindow, Map<Long, Double>> flights;

    @PostConstruct
    void start() {
        flights = new SingleFlight<>(caches.cache("fleet-availability", new ConfigurationBuilder()
                        .memory().maxCount(AvailabilityWindow.values().length)
                        .expiration().lifespan(ttlSeconds, TimeUnit.SECONDS).wakeUpInterval(30, TimeUnit.SECONDS)
                        .build()),
                metrics.counter("wardops_availability_cache_hits"), metrics.counter("wardops_availability_cache_misses"));
    }

    /**
     * Each device's availability in percent over the window; a device without samples is absent.
     *
     * @throws HistoryUnavailableException when VictoriaMetrics does not answer or the breaker is open
     */
    public Map<Long, Double> byDevice(AvailabilityWindow window) {
        return flights.get(window, source::availability, w -> ttlSeconds);
    }
}
