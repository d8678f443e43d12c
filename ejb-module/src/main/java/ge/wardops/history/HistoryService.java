package ge.wardops.history;

import ge.wardops.metrics.VictoriaMetricsUnavailableException;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Device history with a cache in front of VictoriaMetrics: a chart that many operators open at once
 * costs one query. Entries live briefly for ranges that end now (new samples arrive every round) and
 * long for ranges in the past (they no longer change). Concurrent misses for one key share a single
 * call (single-flight), so an expired popular entry does not become a burst of identical queries.
 * Region scope is the caller's job (InventoryService.device first): the cache key holds no user.
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
    @ConfigProperty(name = "wardops.history.cache.max-entries", defaultValue = "10000")
    long maxEntries;

    @Inject
    @ConfigProperty(name = "wardops.history.cache.ttl-24h-seconds", defaultValue = "30")
    long ttlDay;

    @Inject
    @ConfigProperty(name = "wardops.history.cache.ttl-7d-seconds", defaultValue = "120")
    long ttlWeek;

    @Inject
    @ConfigProperty(name = "wardops.history.cache.ttl-30d-seconds", defaultValue = "600")
    long ttlMonth;

    @Inject
    @ConfigProperty(name = "wardops.history.cache.ttl-past-seconds", defaultValue = "3600")
    long ttlPast;

    private DefaultCacheManager manager;
    private Cache<Key, DeviceHistory> cache;
    private final ConcurrentHashMap<Key, CompletableFuture<DeviceHistory>> inFlight = new ConcurrentHashMap<>();
    private Counter hits;
    private Counter misses;

    @PostConstruct
    void start() {
        // A manager of its own (as DeviceStates has): local, bounded, never clustered; history is cheap to read again.
        manager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault()
                .classLoader(HistoryService.class.getClassLoader())
                .cacheManagerName("wardops-history-" + System.identityHashCode(this))
                .jmx().disable()
                .build());
        manager.defineConfiguration("device-history", new ConfigurationBuilder()
                .memory().maxCount(maxEntries)
                .expiration().lifespan(ttlPast, TimeUnit.SECONDS).wakeUpInterval(30, TimeUnit.SECONDS)
                .build());
        cache = manager.getCache("device-history");
        hits = metrics.counter("wardops_history_cache_hits");
        misses = metrics.counter("wardops_history_cache_misses");
    }

    @PreDestroy
    void stop() {
        if (manager != null) {
            manager.stop();
        }
    }

    /** @throws HistoryUnavailableException when VictoriaMetrics does not answer or the breaker is open */
    public DeviceHistory history(long deviceId, HistoryRange range) {
        Key key = new Key(deviceId, range.from().getEpochSecond(), range.to().getEpochSecond(), range.stepSeconds());
        DeviceHistory cached = cache.get(key);
        if (cached != null) {
            hits.inc();
            return cached;
        }
        misses.inc();
        CompletableFuture<DeviceHistory> mine = new CompletableFuture<>();
        CompletableFuture<DeviceHistory> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // A leader may have filled the cache between our get and our putIfAbsent.
            DeviceHistory h = cache.get(key);
            if (h == null) {
                h = source.fetch(List.of(deviceId), range).getOrDefault(deviceId, DeviceHistory.empty(deviceId, range));
                cache.put(key, h, ttl(range).toSeconds(), TimeUnit.SECONDS);
            }
            mine.complete(h);
            return h;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw unavailableOr(e);
        } finally {
            inFlight.remove(key, mine);
        }
    }

    Duration ttl(HistoryRange range) {
        boolean settled = range.to().isBefore(Instant.now().minusSeconds(range.stepSeconds()));
        if (settled) {
            return Duration.ofSeconds(ttlPast);
        }
        Duration span = range.span();
        return Duration.ofSeconds(span.compareTo(Duration.ofDays(2)) <= 0 ? ttlDay : span.compareTo(Duration.ofDays(8)) <= 0 ? ttlWeek : ttlMonth);
    }

    private static DeviceHistory await(CompletableFuture<DeviceHistory> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            throw unavailableOr(e.getCause() instanceof RuntimeException r ? r : e);
        }
    }

    private static RuntimeException unavailableOr(RuntimeException e) {
        return e instanceof VictoriaMetricsUnavailableException || e instanceof FaultToleranceException
                ? new HistoryUnavailableException(e) : e;
    }
}
