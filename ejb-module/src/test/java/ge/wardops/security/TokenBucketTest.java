package ge.wardops.security;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void aFullBucketGivesItsCapacityThenRefusesUntilItRefills() {
        TokenBucket bucket = new TokenBucket(3, 60, now::get);
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
        assertEquals(1_000_000_000L, bucket.nanosUntilPermit(), "60 a minute: one a second");
        now.addAndGet(999_999_999L);
        assertFalse(bucket.tryTake());
        now.addAndGet(1);
        assertTrue(bucket.tryTake());
        assertFalse(bucket.hasPermit());
    }

    @Test
    void refillingStopsAtTheCapacity() {
        TokenBucket bucket = new TokenBucket(2, 60, now::get);
        bucket.tryTake();
        now.addAndGet(3_600_000_000_000L);
        assertTrue(bucket.isFull());
        assertTrue(bucket.tryTake());
        assertTrue(bucket.tryTake());
        assertFalse(bucket.tryTake());
    }
}
