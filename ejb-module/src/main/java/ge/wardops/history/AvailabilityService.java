package ge.wardops.history;

import ge.wardops.cache.LocalCaches;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * Availability percentages of the whole fleet per window, cached: every branch and region summary
 * in a TTL shares one VictoriaMetrics query per window, and concurrent misses share one call. The
 * entry holds every device, so it holds no caller and no scope; the summaries scope what they show.
 *
 * <p>A read older than the TTL ({@code wardops.availability.cache.ttl-seconds}) is read again in the
 * background, callers keeping it meanwhile; only a read twice that old (no one asked for a while, or
 * VictoriaMetrics has not answered the renewals) is gone, and the next caller reads on its own
 * thread. Before, the first summary request after each minute read VictoriaMetrics on its thread
 * (at 10,000 devices a day's {@code avg_over_time} over every series, 0.1–0.2 s) with every
 * summary request of that window waiting for it (docs/performance.md, "Read path", 2026-12-06).
 */
@ApplicationScoped
public class AvailabilityService {

    private static final Logger LOG = Logger.getLogger(AvailabilityService.class.getName());

    @Inject
    HistorySource source;

    @Inject
    MetricRegistry metrics;

    @EJB
    LocalCaches caches;

    @Inject
    HistorySettings settings;

    @Resource
    ManagedExecutorService executor;

    /**
     * One fleet-wide read. {@code generation} grows with every read from VictoriaMetrics, so an answer
     * built from a read can tell whether a newer one has come since (FleetSummaries' versions).
     */
    public record FleetAvailability(long generation, Map<Long, Double> byDevice, long readAtMillis) {
    }

    private final AtomicLong generations = new AtomicLong();
    private final Set<AvailabilityWindow> renewing = ConcurrentHashMap.newKeySet();

    /** For tests: the time reads are aged by. */
    LongSupplier clock = System::currentTimeMillis;

    private Cache<AvailabilityWindow, FleetAvailability> cache;
    private SingleFlight<AvailabilityWindow, FleetAvailability> flights;

    @PostConstruct
    void start() {
        init(caches.cache("fleet-availability", new ConfigurationBuilder()
                        .memory().maxCount(AvailabilityWindow.values().length)
                        .expiration().lifespan(2 * settings.availabilityTtl().toSeconds(), TimeUnit.SECONDS)
                        .wakeUpInterval(30, TimeUnit.SECONDS)
                        .build()),
                metrics.counter("wardops_availability_cache_hits"), metrics.counter("wardops_availability_cache_misses"));
    }

    /** The cache (whose entries live twice the TTL) and its counters; tests give their own. */
    void init(Cache<AvailabilityWindow, FleetAvailability> cache, Counter hits, Counter misses) {
        this.cache = cache;
        this.flights = new SingleFlight<>(cache, hits, misses);
    }

    /** For tests: where reads are renewed. */
    Executor background() {
        return executor;
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
        FleetAvailability read = flights.get(window, this::read, w -> 2 * settings.availabilityTtl().toSeconds());
        if (clock.getAsLong() - read.readAtMillis() >= settings.availabilityTtl().toMillis()) {
            renew(window);
        }
        return read;
    }

    private FleetAvailability read(AvailabilityWindow window) {
        Map<Long, Double> byDevice = source.availability(window);
        return new FleetAvailability(generations.incrementAndGet(), byDevice, clock.getAsLong());
    }

    /**
     * Reads the window again on the executor, once at a time; a read that fails leaves the old one
     * to expire (callers then read themselves, and see why), and the next caller tries again.
     */
    private void renew(AvailabilityWindow window) {
        if (!renewing.add(window)) {
            return;
        }
        try {
            background().execute(() -> {
                try {
                    cache.put(window, read(window), 2 * settings.availabilityTtl().toSeconds(), TimeUnit.SECONDS);
                } catch (RuntimeException e) {
                    LOG.fine(() -> "Renewing the " + window + " availability read failed; the old read is kept until it expires: " + e);
                } finally {
                    renewing.remove(window);
                }
            });
        } catch (RejectedExecutionException e) {
            renewing.remove(window); // no executor (shutting down): the read expires and a caller reads it
        }
    }
}
