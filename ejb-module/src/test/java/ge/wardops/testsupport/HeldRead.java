package ge.wardops.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a test's stand-in for a slow or failing source does before it answers: wait while the test
 * holds it (at most 10 s), then throw the failure the test set, if any. The stand-in calls
 * {@link #pass()} first thing; the test calls {@link #hold()}/{@link #release()} and
 * {@link #failWith(RuntimeException)}/{@link #recover()} from its own thread.
 */
public final class HeldRead {

    private volatile CountDownLatch hold;
    private volatile RuntimeException failure;

    /** Reads from now on wait until {@link #release()}. */
    public void hold() {
        hold = new CountDownLatch(1);
    }

    /** Lets every waiting and later read through. */
    public void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    /** Reads from now on throw {@code e}. */
    public void failWith(RuntimeException e) {
        failure = e;
    }

    /** Reads from now on answer again. */
    public void recover() {
        failure = null;
    }

    /** Called by the stand-in before it answers. */
    public void pass() {
        CountDownLatch h = hold;
        if (h != null) {
            try {
                assertTrue(h.await(10, TimeUnit.SECONDS), "the test released a held read within 10 s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
    }
}
