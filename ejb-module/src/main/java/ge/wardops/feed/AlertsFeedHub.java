package ge.wardops.feed;

import ge.wardops.alerting.AlertEngine;
import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.AlertTransition;
import ge.wardops.security.RegionScope;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The live alerts feed ({@code /api/v1/ws/alerts}): each client gets the open alerts of its regions
 * (from the engine's memory), then every transition of an alert in its regions as a sequence-numbered
 * delta, through the same {@link FeedSubscription} machinery (bounded queue, drop-and-resync,
 * heartbeats) as the device feed. A transition is queued on the engine's thread the moment it is
 * committed and sent from the executor, so the engine never waits for a client; the transitions
 * queued meanwhile (a round's) go out together as one delta.
 */
@ApplicationScoped
public class AlertsFeedHub {

    private static final Jsonb JSON = JsonbBuilder.create();

    /** Every open alert the client may see; the client replaces its copy. */
    @JsonbPropertyOrder({"type", "seq", "alerts"})
    public record Snapshot(String type, long seq, List<AlertSnapshot> alerts) {
    }

    /** One alert's transition: FIRING, ACKNOWLEDGED, COMMENTED, RESOLVED, ESCALATED or FLAPPING, with the alert after it. */
    @JsonbPropertyOrder({"kind", "alert", "actor", "comment", "at"})
    public record Change(String kind, AlertSnapshot alert, String actor, String comment, Instant at) {
    }

    @JsonbPropertyOrder({"type", "seq", "changes"})
    public record Delta(String type, long seq, List<?> changes) {
    }

    @Inject
    AlertEngine engine;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "wardops.feed.queue-capacity", defaultValue = "64")
    int queueCapacity;

    @Inject
    @ConfigProperty(name = "wardops.feed.heartbeat-seconds", defaultValue = "30")
    int heartbeatSeconds;

    private final FeedClients clients = new FeedClients();
    private final ConcurrentLinkedQueue<Change> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private ScheduledFuture<?> heartbeat;

    private final FeedSubscription.Format format = new FeedSubscription.Format() {
        @Override
        public String snapshot(long seq, RegionScope scope) {
            return JSON.toJson(new Snapshot("snapshot", seq, engine.openAlerts(scope)));
        }

        @Override
        public String delta(long seq, List<?> changes) {
            return JSON.toJson(new Delta("delta", seq, changes));
        }
    };

    @PostConstruct
    void start() {
        long every = Math.max(1, heartbeatSeconds);
        heartbeat = scheduler.scheduleAtFixedRate(() -> clients.all().forEach(FeedSubscription::offerHeartbeat),
                every, every, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        clients.removeAll();
    }

    /** A new client: it gets the open alerts of {@code scope} first, then their transitions. */
    public FeedSubscription subscribe(FeedSink sink, RegionScope scope) {
        return subscribe(sink, scope, null);
    }

    /** As {@link #subscribe(FeedSink, RegionScope)}, remembering who opened it (log out everywhere). */
    public FeedSubscription subscribe(FeedSink sink, RegionScope scope, String username) {
        return clients.add(new FeedSubscription(sink, scope, queueCapacity, executor, format, this::unsubscribe), username);
    }

    public void unsubscribe(FeedSubscription s) {
        clients.remove(s);
    }

    /** Closes every alerts feed {@code username} has open on this node; answers how many. */
    public int closeAllOf(String username, String reason) {
        return clients.closeAllOf(username, reason);
    }

    public int clients() {
        return clients.size();
    }

    void onTransition(@Observes AlertTransition t) {
        if (clients.isEmpty()) {
            return;
        }
        pending.add(new Change(t.kind().name(), t.alert(), t.actor(), t.comment(), t.at()));
        if (flushing.compareAndSet(false, true)) {
            try {
                executor.execute(this::flush);
            } catch (RejectedExecutionException e) {
                flush();
            }
        }
    }

    /**
     * Sends what is pending as one delta per client: the engine fires a round's transitions one
     * after the other, so a round of 100 new alerts is one message, not 100 (which would overflow a
     * client's queue and cost it a resync). One flush at a time, so deltas keep the order of the transitions.
     */
    private synchronized void flush() {
        flushing.set(false);
        List<Change> changes = new ArrayList<>();
        Change c;
        while ((c = pending.poll()) != null) {
            changes.add(c);
        }
        if (changes.isEmpty()) {
            return;
        }
        for (FeedSubscription s : clients.all()) {
            RegionScope scope = s.scope();
            List<Change> mine = scope.unrestricted() ? changes
                    : changes.stream().filter(ch -> scope.allows(ch.alert().regionId())).toList();
            if (!mine.isEmpty()) {
                s.offerDelta(mine);
            }
        }
    }
}
