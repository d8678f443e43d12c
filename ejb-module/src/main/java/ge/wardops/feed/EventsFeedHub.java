package ge.wardops.feed;

import ge.wardops.events.EventsStored;
import ge.wardops.events.StoredEvent;
import ge.wardops.security.RegionScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The live events feed ({@code /api/v1/ws/events}): each client gets the newest events of its regions
 * (the last {@link #KEPT} stored on this node, from memory), then every stored batch's events in its
 * regions as one sequence-numbered delta, through the same {@link FeedSubscription} machinery
 * (bounded queue, drop-and-resync, heartbeats) as the device and alert feeds. Events of unknown
 * sources go to the clients that see every region only. The store's thread only queues the batch;
 * the executor sends, so a slow client never slows storing.
 */
@ApplicationScoped
public class EventsFeedHub extends FeedHub {

    /** Events kept for a new client's snapshot. */
    static final int KEPT = 200;
    private static final Jsonb JSON = JsonbBuilder.create();

    @JsonbPropertyOrder({"type", "seq", "events"})
    public record Snapshot(String type, long seq, List<StoredEvent> events) {
    }

    @JsonbPropertyOrder({"type", "seq", "changes"})
    public record Delta(String type, long seq, List<?> changes) {
    }

    private final Deque<StoredEvent> newest = new ArrayDeque<>(KEPT);
    private final DeltaBatcher<StoredEvent> batcher = new DeltaBatcher<>(this::send);

    private final FeedSubscription.Format format = new FeedSubscription.Format() {
        @Override
        public String snapshot(long seq, RegionScope scope) {
            List<StoredEvent> mine = new ArrayList<>();
            synchronized (newest) {
                for (StoredEvent e : newest) {
                    if (scope.allows(e.regionId())) {
                        mine.add(e);
                    }
                }
            }
            return JSON.toJson(new Snapshot("snapshot", seq, mine));
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

    void onStored(@Observes EventsStored batch) {
        synchronized (newest) {
            for (StoredEvent e : batch.events()) {
                if (newest.size() == KEPT) {
                    newest.removeLast();
                }
                newest.addFirst(e);
            }
        }
        if (clients.isEmpty()) {
            return;
        }
        batcher.offer(batch.events(), executor);
    }

    /** One delta per client with the events of its regions, newest first as in the snapshot. */
    private void send(List<StoredEvent> oldestFirst) {
        List<StoredEvent> newestFirst = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(newestFirst);
        for (FeedSubscription s : clients.all()) {
            RegionScope scope = s.scope();
            List<StoredEvent> mine = scope.unrestricted() ? newestFirst
                    : newestFirst.stream().filter(ev -> scope.allows(ev.regionId())).toList();
            if (!mine.isEmpty()) {
                s.offerDelta(mine);
            }
        }
    }
}
