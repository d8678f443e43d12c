package ge.wardops.feed;

import ge.wardops.alerting.AlertEngine;
import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.AlertTransition;
import ge.wardops.security.RegionScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
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
public class AlertsFeedHub extends FeedHub {

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

    private final ConcurrentLinkedQueue<Change> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushing = new AtomicBoolean();

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

    @Override
    FeedSubscription newSubscription(FeedSink sink, RegionScope scope) {
        return new FeedSubscription(sink, scope, settings.queueCapacity(), executor, format, this::unsubscribe);
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
                    : changes.stream().filter(ch -> scope.allows(ch.alert().regionId()))
                    .map(ch -> new Change(ch.kind(), ch.alert().scopedTo(scope, engine::regionOfAlert), ch.actor(), ch.comment(), ch.at()))
                    .toList();
            if (!mine.isEmpty()) {
                s.offerDelta(mine);
            }
        }
    }
}
