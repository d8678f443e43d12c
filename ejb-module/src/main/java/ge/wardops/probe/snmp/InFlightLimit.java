package ge.wardops.probe.snmp;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Runs at most N asynchronous tasks at once and queues the rest, without ever blocking a thread.
 * Blocking would deadlock: tasks finish on snmp4j's single listener thread, and that thread also
 * starts the queued ones, so it must never wait for a permit only it can give back.
 */
final class InFlightLimit {

    private final Semaphore permits;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    /** A task that completes at once would release and start the next one inside drain() again; the outer loop does it instead. */
    private final ThreadLocal<Boolean> draining = ThreadLocal.withInitial(() -> false);

    InFlightLimit(int limit) {
        this.permits = new Semaphore(limit);
    }

    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        waiting.add(() -> start(task, result));
        drain();
        return result;
    }

    private <T> void start(Supplier<CompletableFuture<T>> task, CompletableFuture<T> result) {
        CompletableFuture<T> running;
        try {
            running = task.get();
        } catch (RuntimeException e) {
            running = CompletableFuture.failedFuture(e);
        }
        running.whenComplete((value, error) -> {
            permits.release();
            drain();
            if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(value);
            }
        });
    }

    private void drain() {
        if (draining.get()) {
            return;
        }
        draining.set(true);
        try {
            // Both an enqueue and a release end here, and each re-checks the other's condition, so
            // no queued task is left behind while a permit is free.
            while (!waiting.isEmpty() && permits.tryAcquire()) {
                Runnable next = waiting.poll();
                if (next == null) {
                    permits.release();
                } else {
                    next.run();
                }
            }
        } finally {
            draining.set(false);
        }
    }

    int available() {
        return permits.availablePermits();
    }
}
