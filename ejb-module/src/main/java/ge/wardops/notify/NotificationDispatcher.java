package ge.wardops.notify;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs notification work off the caller's thread: a bounded queue drained by at most
 * {@code workers} tasks on the given executor (the server's ManagedExecutorService). Adding never
 * blocks: when the queue is full the work is dropped, counted and logged. A delivery is sent with
 * retries on transient failures ({@link RetryPolicy}) and its outcome reported to {@code outcomes};
 * a channel that hangs holds one worker for at most its timeouts, never the others or the caller.
 */
public class NotificationDispatcher {

    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class.getName());

    private final Executor executor;
    private final int workers;
    private final BlockingQueue<Runnable> queue;
    private final EmailSender email;
    private final WebhookSender webhook;
    private final RetryPolicy retry;
    private final Consumer<DeliveryOutcome> outcomes;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean stopped;

    public NotificationDispatcher(Executor executor, int queueCapacity, int workers, EmailSender email,
                                  WebhookSender webhook, RetryPolicy retry, Consumer<DeliveryOutcome> outcomes) {
        this.executor = executor;
        this.workers = Math.max(1, workers);
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueCapacity));
        this.email = email;
        this.webhook = webhook;
        this.retry = retry;
        this.outcomes = outcomes;
    }

    /** Queues {@code work}; false (counted, logged) when the queue is full. Never blocks. */
    public boolean submit(Runnable work, String what) {
        if (stopped || !queue.offer(work)) {
            long n = dropped.incrementAndGet();
            // Every drop is counted; the log says so for the first and then every 100th, not flooding it.
            if (n == 1 || n % 100 == 0) {
                LOG.warning(() -> "Notification queue full (" + queue.size() + " waiting): dropped " + what
                        + "; " + n + " dropped since start (wardops_notifications_dropped)");
            }
            return false;
        }
        startWorkers();
        return true;
    }

    /** Queues a delivery; one that does not fit is reported DROPPED at once. */
    public boolean deliver(Delivery d) {
        boolean queued = submit(() -> report(sendNow(d)), "a " + d.notice().kind() + " notice to " + d.channel().name());
        if (!queued) {
            report(new DeliveryOutcome(d, DeliveryStatus.DROPPED, 0, "the notification queue was full"));
        }
        return queued;
    }

    /** Sends on the caller's thread, retrying transient failures; for test messages and the workers. */
    public DeliveryOutcome sendNow(Delivery d) {
        String error = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            try {
                if (d.channel().kind() == ChannelKind.EMAIL) {
                    email.send(d.channel(), d.notice());
                } else {
                    webhook.send(d.channel(), d.notice(), d.id());
                }
                // A send that worked after retries keeps the last failure, for the log: the channel is shaky.
                return new DeliveryOutcome(d, DeliveryStatus.SENT, attempt, error);
            } catch (DeliveryFailure f) {
                error = f.getMessage();
                if (!f.isTransient() || attempt == retry.maxAttempts() || stopped) {
                    LOG.warning("Notification " + d.notice().kind() + " to channel '" + d.channel().name() + "' failed after "
                            + attempt + " attempt(s): " + error);
                    return new DeliveryOutcome(d, DeliveryStatus.FAILED, attempt, error);
                }
                try {
                    Thread.sleep(retry.backoffAfter(attempt).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new DeliveryOutcome(d, DeliveryStatus.FAILED, attempt, error + " (interrupted)");
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Notification to channel '" + d.channel().name() + "' failed", e);
                return new DeliveryOutcome(d, DeliveryStatus.FAILED, attempt, String.valueOf(e));
            }
        }
        return new DeliveryOutcome(d, DeliveryStatus.FAILED, retry.maxAttempts(), error);
    }

    /** Work dropped because the queue was full, since start. */
    public long dropped() {
        return dropped.get();
    }

    public int waiting() {
        return queue.size();
    }

    /** Stops taking work and ends retries early; queued work is left undone. */
    public void stop() {
        stopped = true;
        queue.clear();
    }

    private void startWorkers() {
        while (!queue.isEmpty()) {
            int now = running.get();
            if (now >= workers) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                running.decrementAndGet();
                LOG.log(Level.WARNING, "The executor refused a notification worker; " + queue.size() + " wait for the next one", e);
                return;
            }
        }
    }

    private void drain() {
        try {
            Runnable work;
            while (!stopped && (work = queue.poll()) != null) {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Notification work failed", e);
                }
            }
        } finally {
            running.decrementAndGet();
        }
        // Work added between the last poll and the decrement would otherwise wait for the next submit.
        if (!stopped && !queue.isEmpty()) {
            startWorkers();
        }
    }

    private void report(DeliveryOutcome outcome) {
        try {
            outcomes.accept(outcome);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A notification outcome could not be recorded", e);
        }
    }
}
