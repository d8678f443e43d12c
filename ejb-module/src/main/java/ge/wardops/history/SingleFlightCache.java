package ge.wardops.history;

import ge.wardops.metrics.VictoriaMetricsUnavailableException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.configuration.global.GlobalConfigurationBuilder;
import org.infinispan.manager.DefaultCacheManager;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A local, bounded Infinispan cache with a lifespan per entry and single-flight loading: concurrent
 * misses for one key share one load. For reads of VictoriaMetrics that many consoles repeat; a load
 * that fails because VictoriaMetrics is away surfaces as {@link HistoryUnavailableException}.
 */
final class SingleFlightCache<K, V> implements AutoCloseable {

    private final DefaultCacheManager manager;
    private final Cache<K, V> cache;
    private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    SingleFlightCache(String name, long maxEntries, Duration longestLifespan) {
        manager = new DefaultCacheManager(new GlobalConfigurationBuilder().nonClusteredDefault()
                .classLoader(SingleFlightCache.class.getClassLoader())
                .cacheManagerName("wardops-" + name + "-" + System.identityHashCode(this))
                .jmx().disable()
                .build());
        manager.defineConfiguration(name, new ConfigurationBuilder()
                .memory().maxCount(maxEntries)
                .expiration().lifespan(longestLifespan.toSeconds(), TimeUnit.SECONDS).wakeUpInterval(30, TimeUnit.SECONDS)
                .build());
        cache = manager.getCache(name);
    }

    /** The cached value, or the one {@code load} gives (kept for {@code lifespan} of it), loaded once however many ask at once. */
    V get(K key, Supplier<V> load, Function<V, Duration> lifespan) {
        V cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            try {
                return running.join();
            } catch (CompletionException e) {
                throw unavailableOr(e.getCause() instanceof RuntimeException r ? r : e);
            }
        }
        try {
            V v = cache.get(key);
            if (v == null) {
                v = load.get();
                cache.put(key, v, lifespan.apply(v).toSeconds(), TimeUnit.SECONDS);
            }
            mine.complete(v);
            return v;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw unavailableOr(e);
        } finally {
            inFlight.remove(key, mine);
        }
    }

    @Override
    public void close() {
        manager.stop();
    }

    private static RuntimeException unavailableOr(RuntimeException e) {
        return e instanceof VictoriaMetricsUnavailableException || e instanceof FaultToleranceException
                ? new HistoryUnavailableException(e) : e;
    }
}
