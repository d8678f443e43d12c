package ge.wardops.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * One token bucket per key (a user name, a client address), created on first use with the
 * per-minute limit that {@code limitOf} gives for that key (so one address can be given its own
 * limit). Memory is bounded: past {@code maxKeys} keys, full buckets (keys that are at rest) are
 * dropped, which changes no answer. Limits are per node; a cluster of N nodes allows up to N times.
 */
public final class RateLimiter {

    private final ToLongFunction<String> limitOf;
    private final LongSupplier clock;
    private final int maxKeys;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(ToLongFunction<String> perMinuteOf, int maxKeys, LongSupplier nanoClock) {
        this.limitOf = perMinuteOf;
        this.clock = nanoClock;
        this.maxKeys = maxKeys;
    }

    /** Takes a permit for {@code key}; false when its limit is used up. A limit of 0 or less means unlimited. */
    public boolean tryTake(String key) {
        TokenBucket b = bucket(key);
        return b == null || b.tryTake();
    }

    /** Whether {@code key} has a permit left, without taking one. */
    public boolean allows(String key) {
        TokenBucket b = bucket(key);
        return b == null || b.hasPermit();
    }

    /** Whole seconds until {@code key} gets its next permit (at least 1 when it has none). */
    public long secondsUntilPermit(String key) {
        TokenBucket b = bucket(key);
        long nanos = b == null ? 0 : b.nanosUntilPermit();
        return nanos == 0 ? 0 : Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private TokenBucket bucket(String key) {
        long limit = limitOf.applyAsLong(key);
        if (limit <= 0) {
            return null;
        }
        if (buckets.size() >= maxKeys) {
            buckets.values().removeIf(TokenBucket::isFull);
        }
        return buckets.computeIfAbsent(key, k -> new TokenBucket(limit, limit, clock));
    }
}
