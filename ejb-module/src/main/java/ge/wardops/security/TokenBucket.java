package ge.wardops.security;

import java.util.function.LongSupplier;

/**
 * A classic token bucket: holds up to {@code capacity} permits and refills at {@code perMinute}
 * permits a minute, continuously. A caller takes one permit per action; an empty bucket answers
 * how long until the next permit. Thread-safe; the clock is injectable for tests.
 */
public final class TokenBucket {

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    private final long capacity;
    private final double permitsPerNano;
    private final LongSupplier clock;
    private double permits;
    private long refilledAt;

    public TokenBucket(long capacity, long perMinute, LongSupplier nanoClock) {
        if (capacity < 1 || perMinute < 1) {
            throw new IllegalArgumentException("a bucket needs a capacity and a refill rate of at least 1");
        }
        this.capacity = capacity;
        this.permitsPerNano = (double) perMinute / NANOS_PER_MINUTE;
        this.clock = nanoClock;
        this.permits = capacity;
        this.refilledAt = nanoClock.getAsLong();
    }

    /** Takes one permit if there is one. */
    public synchronized boolean tryTake() {
        refill();
        if (permits >= 1) {
            permits -= 1;
            return true;
        }
        return false;
    }

    /** Whether a permit is there, without taking it. */
    public synchronized boolean hasPermit() {
        refill();
        return permits >= 1;
    }

    /** Nanoseconds until the next permit; 0 if one is there. */
    public synchronized long nanosUntilPermit() {
        refill();
        return permits >= 1 ? 0 : (long) Math.ceil((1 - permits) / permitsPerNano);
    }

    /** Whether the bucket is full (it can be forgotten without changing any answer). */
    public synchronized boolean isFull() {
        refill();
        return permits >= capacity;
    }

    private void refill() {
        long now = clock.getAsLong();
        long elapsed = now - refilledAt;
        if (elapsed > 0) {
            permits = Math.min(capacity, permits + elapsed * permitsPerNano);
            refilledAt = now;
        }
    }
}
