package ge.wardops.feed;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What a hub's producer hands over, sent from the executor as one batch: the producer (the alert
 * engine, the event store) only queues, so it never waits for a client, and whatever arrives while
 * a batch is being sent goes out with the next one (a round of 100 alert transitions is one delta,
 * not 100 that would overflow a client's queue). One send at a time, so batches keep their order.
 */
final class DeltaBatcher<T> {

    private final ConcurrentLinkedQueue<T> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final Consumer<List<T>> send;

    DeltaBatcher(Consumer<List<T>> send) {
        this.send = send;
    }

    void offer(Collection<? extends T> items, Executor executor) {
        pending.addAll(items);
        if (flushing.compareAndSet(false, true)) {
            try {
                executor.execute(this::flush);
            } catch (RejectedExecutionException e) {
                flush();
            }
        }
    }

    private synchronized void flush() {
        flushing.set(false);
        List<T> batch = new ArrayList<>();
        T item;
        while ((item = pending.poll()) != null) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            send.accept(batch);
        }
    }
}
