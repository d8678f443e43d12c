package ge.wardops.security;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void eachKeyHasItsOwnBucketAndItsOwnLimit() {
        RateLimiter limiter = new RateLimiter(key -> key.equals("strict") ? 1 : 3, 100, now::get);
        assertTrue(limiter.tryTake("strict"));
        assertFalse(limiter.tryTake("strict"));
        assertFalse(limiter.allows("strict"));
        assertEquals(60, limiter.secondsUntilPermit("strict"), "1 a minute");
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryTake("other"), "another key is not affected");
        }
        assertFalse(limiter.tryTake("other"));
    }

    @Test
    void aLimitOfZeroMeansNoLimit() {
        RateLimiter limiter = new RateLimiter(key -> 0, 100, now::get);
        for (int i = 0; i < 1000; i++) {
            assertTrue(limiter.tryTake("x"));
        }
        assertEquals(0, limiter.secondsUntilPermit("x"));
    }

    @Test
    void restingKeysAreForgottenWhenThereAreTooManyButBusyOnesAreKept() {
        RateLimiter limiter = new RateLimiter(key -> 2, 3, now::get);
        limiter.tryTake("busy");
        limiter.tryTake("busy");
        limiter.allows("a");
        limiter.allows("b");
        limiter.allows("c");
        assertFalse(limiter.allows("busy"), "the used-up bucket survived the clean-up");
    }
}
