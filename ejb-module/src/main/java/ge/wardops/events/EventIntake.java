package ge.wardops.events;

import ge.wardops.alerting.Severity;
import ge.wardops.security.TokenBucket;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Between the receivers and the database: a bounded queue, a rate limit per source, and honest
 * counters. A receiver thread only ever calls {@link #offer} and {@link #malformed}, which never
 * block: a full queue or a source over its rate drops the event and counts it, so a storm costs
 * at most the queue's capacity in memory and never holds a receiver up. A source that goes over
 * its rate gets one {@link EventKind#STORM} event (once a minute while it lasts, with how many were
 * dropped); the first events of the burst were kept.
 */
public final class EventIntake {

    private static final Logger LOG = Logger.getLogger(EventIntake.class.getName());
    /** Sources tracked at once; past it the table starts afresh (a spoofed-address flood must not grow it without bound). */
    static final int MAX_SOURCES = 10_000;
    static final Duration STORM_REPORT_EVERY = Duration.ofMinutes(1);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** What happened so far on this node, since start. */
    public record Counters(long received, long queued, long droppedQueueFull, long droppedRateLimited, long malformed,
                           long refused, long stored, long storeFailures) {
    }

    private static final class Source {
        final TokenBucket bucket;
        long dropped;
        Instant stormReportedAt;

        Source(TokenBucket bucket) {
            this.bucket = bucket;
        }
    }

    private final ArrayBlockingQueue<ReceivedEvent> queue;
    private final int perSecond;
    private final int burst;
    private final LongSupplier nanoClock;
    private final Map<InetAddress, Source> sources = new ConcurrentHashMap<>();
    private final LongAdder received = new LongAdder();
    private final LongAdder droppedFull = new LongAdder();
    private final LongAdder droppedRate = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder storeFailures = new LongAdder();
    private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE / 2);

    public EventIntake(EventSettings settings) {
        this(settings.queueCapacity(), settings.sourcePerSecond(), settings.sourceBurst(), System::nanoTime);
    }

    EventIntake(int capacity, int perSecond, int burst, LongSupplier nanoClock) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** A decoded event from a receiver: queued, or dropped and counted. Never blocks. */
    public boolean offer(ReceivedEvent e) {
        received.increment();
        if (sources.size() >= MAX_SOURCES && !sources.containsKey(e.source())) {
            sources.clear();
        }
        Source s = sources.computeIfAbsent(e.source(), a -> new Source(new TokenBucket(burst, perSecond * 60L, nanoClock)));
        if (!s.bucket.tryTake()) {
            droppedRate.increment();
            reportStorm(s, e);
            return false;
        }
        return enqueue(e);
    }

    private boolean enqueue(ReceivedEvent e) {
        if (queue.offer(e)) {
            return true;
        }
        droppedFull.increment();
        logRarely(Level.WARNING, "Event queue full (" + queue.size() + "): events are being dropped and counted; "
                + "the database is slower than the senders");
        return false;
    }

    private void reportStorm(Source s, ReceivedEvent e) {
        ReceivedEvent storm = null;
        synchronized (s) {
            s.dropped++;
            if (s.stormReportedAt == null || !e.at().isBefore(s.stormReportedAt.plus(STORM_REPORT_EVERY))) {
                s.stormReportedAt = e.at();
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("dropped", Long.toString(s.dropped));
                fields.put("perSecond", Integer.toString(perSecond));
                fields.put("burst", Integer.toString(burst));
                fields.put("sampleKind", e.kind().name());
                fields.put("sampleName", e.name());
                storm = new ReceivedEvent(e.at(), e.source(), EventKind.STORM, Severity.WARNING, "storm",
                        "Event storm from " + e.source().getHostAddress() + ": more than " + perSecond + "/s (burst " + burst
                                + "); " + s.dropped + " dropped so far, the first ones kept", fields, e.message());
            }
        }
        if (storm != null) {
            enqueue(storm);
        }
    }

    /** A packet or message that could not be decoded: counted and logged (at most every 10 s), never queued. */
    public void malformed(InetAddress source, String reason) {
        malformed.increment();
        logRarely(Level.INFO, "Malformed event from " + (source == null ? "?" : source.getHostAddress()) + ": " + reason
                + " (counted; later ones are logged at most every 10 s)");
    }

    /** A well-formed trap that failed authentication (wrong community, unknown v3 user, bad digest): counted. */
    public void refused(InetAddress source, String reason) {
        refused.increment();
        logRarely(Level.INFO, "Refused event from " + (source == null ? "?" : source.getHostAddress()) + ": " + reason);
    }

    /**
     * Takes up to {@code max} queued events into {@code into}, waiting up to {@code waitMillis} for the
     * first; answers how many were taken.
     */
    public int drain(List<ReceivedEvent> into, int max, long waitMillis) throws InterruptedException {
        ReceivedEvent first = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (first == null) {
            return 0;
        }
        into.add(first);
        return 1 + queue.drainTo(into, max - 1);
    }

    void storedOk(int n) {
        stored.add(n);
    }

    void storeFailed(int n) {
        storeFailures.add(n);
    }

    public Counters counters() {
        return new Counters(received.sum(), queue.size(), droppedFull.sum(), droppedRate.sum(), malformed.sum(), refused.sum(),
                stored.sum(), storeFailures.sum());
    }

    private void logRarely(Level level, String message) {
        long now = nanoClock.getAsLong();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            LOG.log(level, message);
        }
    }
}
