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
import java.util.List;

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

    private final DeltaBatcher<Change> batcher = new DeltaBatcher<>(this::send);

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

    @jakarta.ejb.EJB
    ge.wardops.cluster.ClusterSignals signals;

    void onTransition(@Observes AlertTransition t) {
        signals.publish(t); // the other nodes' clients see it too
        deliver(t);
    }

    /** A transition on another node of the cluster (only delivered: its notices are that node's). */
    void onPeer(@Observes ge.wardops.cluster.PeerSignal signal) {
        if (signal.payload() instanceof AlertTransition t) {
            deliver(t);
        }
    }

    private void deliver(AlertTransition t) {
        if (clients.isEmpty()) {
            return;
        }
        batcher.offer(List.of(new Change(t.kind().name(), t.alert(), t.actor(), t.comment(), t.at())), executor);
    }

    /** One delta per client with the transitions of its regions ({@link DeltaBatcher}: a round's transitions go together). */
    private void send(List<Change> changes) {
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
