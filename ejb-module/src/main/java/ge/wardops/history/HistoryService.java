package ge.wardops.history;

import ge.wardops.cache.LocalCaches;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.infinispan.configuration.cache.ConfigurationBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Device history with a cache in front of VictoriaMetrics: a chart that many operators open at once
 * costs one query. Entries live briefly for ranges that end now (new samples arrive every round) and
 * long for ranges in the past (they no longer change). Concurrent misses for one key share a single
 * call (single-flight), so an expired popular entry does not become a burst of identical queries.
 * Region scope is the caller's job (DeviceService.device first): the cache key holds no user.
 */
@ApplicationScoped
public class HistoryService {

    /** The cache key: the range is already aligned to the step, so identical requests meet here. */
    record Key(long deviceId, long fromSeconds, long toSeconds, long stepSeconds) {
    }

    @Inject
    HistorySource source;

    @Inject
    MetricRegistry metrics;

    @Inject
    HistorySettings settings;

    @EJB
    LocalCaches caches;

    private SingleFlight<Key, CachedHistory> flights;

    @PostConstruct
    void start() {
        flights = new SingleFlight<>(caches.cache("device-history", new ConfigurationBuilder()
                        .memory().maxCount(settings.historyMaxEntries())
                        .expiration().lifespan(settings.pastTtl().toSeconds(), TimeUnit.SECONDS).wakeUpInterval(30, TimeUnit.SECONDS)
                        .build()),
                metrics.counter("wardops_history_cache_hits"), metrics.counter("wardops_history_cache_misses"));
    }

    /** @throws HistoryUnavailableException when VictoriaMetrics does not answer or the breaker is open */
    public DeviceHistory history(long deviceId, HistoryRange range) {
        return entry(deviceId, range).history();
    }

    /**
     * The history as an adapter sends it, kept with the cache entry: a hit returns the rendering
     * built for an earlier request (no serialization, no VictoriaMetrics, no fault-tolerance
     * interceptor: those are on the miss path only). {@code render} must depend on the history
     * alone, never on the caller, since the entry is shared by every caller.
     *
     * @throws HistoryUnavailableException when VictoriaMetrics does not answer or the breaker is open
     */
    public <R> R rendered(long deviceId, HistoryRange range, Function<DeviceHistory, R> render) {
        return entry(deviceId, range).rendered(render);
    }

    private CachedHistory entry(long deviceId, HistoryRange range) {
        Key key = new Key(deviceId, range.from().getEpochSecond(), range.to().getEpochSecond(), range.stepSeconds());
        return flights.get(key, k -> new CachedHistory(
                        source.fetch(List.of(deviceId), range).getOrDefault(deviceId, DeviceHistory.empty(deviceId, range))),
                k -> ttl(range).toSeconds());
    }

    Duration ttl(HistoryRange range) {
        boolean settled = range.to().isBefore(Instant.now().minusSeconds(range.stepSeconds()));
        return settled ? settings.pastTtl() : settings.historyTtl(range.span());
    }
}
