package ge.wardops.feed;

import ge.wardops.security.RegionScope;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connected client: its scope, its bounded queue of messages not yet sent, and its sequence.
 * One message is in flight at a time, sent from the executor, so a slow client holds up only its
 * own queue. When the queue is full it is emptied and one snapshot takes its place
 * (drop-and-resync): the client loses no state, only the intermediate steps.
 * <p>
 * A message gets its seq, and a snapshot its content, when it is sent rather than when queued, so
 * the seqs a client sees have no gaps even after a drop, and a snapshot is never stale.
 */
public final class FeedSubscription {

    private static final Logger LOG = Logger.getLogger(FeedSubscription.class.getName());

    private enum Kind { SNAPSHOT, DELTA, HEARTBEAT }

    private record Pending(Kind kind, List<?> changes) {
    }

    /** How one feed writes its messages: the snapshot of a scope and a delta, each with its seq. */
    public interface Format {
        String snapshot(long seq, RegionScope scope);

        String delta(long seq, List<?> changes);
    }

    private static final Pending SNAPSHOT = new Pending(Kind.SNAPSHOT, List.of());
    private static final Pending HEARTBEAT = new Pending(Kind.HEARTBEAT, List.of());

    private final FeedSink sink;
    private final RegionScope scope;
    private final int capacity;
    private final Executor executor;
    private final Format format;
    private final Consumer<FeedSubscription> onEnd;

    // Guarded by this.
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private long seq;
    private boolean sending;
    private boolean ended;
    private long drops;

    /**
     * A device feed client: snapshots list the devices of its scope ({@code devicesJson} writes them as a
     * JSON array), deltas are {@link FeedMessages.Change}s.
     */
    FeedSubscription(FeedSink sink, RegionScope scope, int capacity, Executor executor,
                     Function<RegionScope, String> devicesJson, Consumer<FeedSubscription> onEnd) {
        this(sink, scope, capacity, executor, new Format() {
            @Override
            public String snapshot(long seq, RegionScope s) {
                return FeedMessages.snapshot(seq, devicesJson.apply(s));
            }

            @SuppressWarnings("unchecked")
            @Override
            public String delta(long seq, List<?> changes) {
                return FeedMessages.delta(seq, (List<FeedMessages.Change>) changes);
            }
        }, onEnd);
    }

    /** A client of any feed: {@code format} writes its snapshots and deltas (the alerts feed's, for one). */
    FeedSubscription(FeedSink sink, RegionScope scope, int capacity, Executor executor, Format format,
                     Consumer<FeedSubscription> onEnd) {
        this.sink = sink;
        this.scope = scope;
        this.capacity = Math.max(1, capacity);
        this.executor = executor;
        this.format = format;
        this.onEnd = onEnd;
    }

    public RegionScope scope() {
        return scope;
    }

    /** Queues the changes of one round, already limited to this client's scope. */
    void offerDelta(List<?> changes) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.clear();
                queue.add(SNAPSHOT);
                drops++;
                LOG.fine(() -> "Feed client too slow: " + capacity + " messages pending, replaced by one snapshot");
            } else {
                queue.add(new Pending(Kind.DELTA, changes));
            }
        }
        kick();
    }

    /** A fresh snapshot next, superseding whatever was pending: on connect, and when the client asks (resync). */
    public void resync() {
        synchronized (this) {
            if (ended) {
                return;
            }
            queue.clear();
            queue.add(SNAPSHOT);
        }
        kick();
    }

    /** A heartbeat, only if the client is idle: any other message proves the connection as well. */
    void offerHeartbeat() {
        synchronized (this) {
            if (ended || sending || !queue.isEmpty()) {
                return;
            }
            queue.add(HEARTBEAT);
        }
        kick();
    }

    /** How many times this client's queue overflowed. */
    public synchronized long drops() {
        return drops;
    }

    /** Ends the subscription and closes the client's connection with {@code reason}. */
    void close(String reason) {
        end();
        sink.close(reason);
    }

    /** Stops sending; what is pending is dropped. Idempotent. */
    void end() {
        synchronized (this) {
            ended = true;
            queue.clear();
        }
    }

    private void kick() {
        synchronized (this) {
            if (sending || ended || queue.isEmpty()) {
                return;
            }
            sending = true;
        }
        try {
            executor.execute(this::sendNext);
        } catch (RejectedExecutionException e) {
            // Shutting down or overloaded: the next message or heartbeat tries again.
            synchronized (this) {
                sending = false;
            }
            LOG.log(Level.WARNING, "Feed send could not be scheduled", e);
        }
    }

    private void sendNext() {
        Pending next;
        long n;
        synchronized (this) {
            next = queue.poll();
            if (next == null || ended) {
                sending = false;
                return;
            }
            n = next.kind() == Kind.HEARTBEAT ? seq : ++seq;
        }
        String text;
        try {
            text = switch (next.kind()) {
                case SNAPSHOT -> format.snapshot(n, scope);
                case DELTA -> format.delta(n, next.changes());
                case HEARTBEAT -> FeedMessages.HEARTBEAT;
            };
        } catch (RuntimeException e) {
            // The seq is spent: the client sees a gap and asks for a resync, as the protocol says.
            LOG.log(Level.WARNING, "Feed message could not be built", e);
            afterSend(null);
            return;
        }
        try {
            sink.send(text, this::afterSend);
        } catch (RuntimeException e) {
            afterSend(e);
        }
    }

    private void afterSend(Throwable failure) {
        if (failure != null) {
            LOG.log(Level.FINE, "Feed send failed; the client is disconnected", failure);
            end();
            sink.close("send failed");
            onEnd.accept(this);
            return;
        }
        synchronized (this) {
            sending = false;
        }
        kick();
    }
}
