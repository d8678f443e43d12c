package ge.wardops.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waiting for something the server does on its own schedule (probe rounds, replays). */
public final class Waits {

    private static final long POLL_MILLIS = 250;

    private Waits() {
    }

    /** True as soon as {@code condition} holds, false if it still does not after {@code limit}. */
    public static boolean eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return condition.getAsBoolean();
    }
}
