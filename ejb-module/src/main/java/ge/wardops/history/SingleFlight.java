package ge.wardops.history;

import ge.wardops.metrics.VictoriaMetricsUnavailableException;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.eclipse.microprofile.metrics.Counter;
import org.infinispan.Cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A cache read that, on a miss, lets only one caller per key ask VictoriaMetrics while the others
 * wait for its answer: an expired popular entry costs one query, not a burst of identical ones.
 * VictoriaMetrics being away (or the breaker open) becomes {@link HistoryUnavailableException}
 * for the leader and every waiter alike.
 */
final class SingleFlight<K, V> {

    private final Cache<K, V> cache;
    private final Counter hits;
    private final Counter misses;
    private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

    SingleFlight(Cache<K, V> cache, Counter hits, Counter misses) {
        this.cache = cache;
        this.hits = hits;
        this.misses = misses;
    }

    /**
     * @param load       the one VictoriaMetrics read for a missing key
     * @param ttlSeconds how long the loaded value stays, decided per key
     */
    V get(K key, Function<K, V> load, ToLongFunction<K> ttlSeconds) {
        V cached = cache.get(key);
        if (cached != null) {
            hits.inc();
            return cached;
        }
        misses.inc();
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            // A leader may have filled the cache between our get and our putIfAbsent.
            V value = cache.get(key);
            if (value == null) {
                value = load.apply(key);
                cache.put(key, value, ttlSeconds.applyAsLong(key), TimeUnit.SECONDS);
            }
            mine.complete(value);
            return value;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw unavailableOr(e);
        } finally {
            inFlight.remove(key, mine);
        }
    }

    private static <V> V await(CompletableFuture<V> running) {
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
