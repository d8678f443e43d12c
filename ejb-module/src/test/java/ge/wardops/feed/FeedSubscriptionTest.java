package ge.wardops.feed;

import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.security.RegionScope;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedSubscriptionTest {

    /** A client whose sends complete only when the test says so: a slow socket. */
    private static final class SlowSink implements FeedSink {
        final List<String> sent = new ArrayList<>();
        final List<Consumer<Throwable>> inFlight = new ArrayList<>();
        boolean closed;

        @Override
        public void send(String text, Consumer<Throwable> whenDone) {
            sent.add(text);
            inFlight.add(whenDone);
        }

        @Override
        public void close(String reason) {
            closed = true;
        }

        void completeAll() {
            while (!inFlight.isEmpty()) {
                inFlight.remove(0).accept(null);
            }
        }

        JsonObject json(int i) {
            try (var reader = Json.createReader(new StringReader(sent.get(i)))) {
                return reader.readObject();
            }
        }
    }

    private static List<FeedMessages.Change> change(long device) {
        return List.of(new FeedMessages.Change(device, DeviceStatus.DOWN, Instant.parse("2026-01-01T00:00:00Z"), null, 100));
    }

    private final AtomicInteger snapshotsBuilt = new AtomicInteger();
    private final List<FeedSubscription> ended = new ArrayList<>();

    private FeedSubscription subscription(FeedSink sink, int capacity) {
        return new FeedSubscription(sink, RegionScope.EVERYTHING, capacity, Runnable::run,
                scope -> {
                    snapshotsBuilt.incrementAndGet();
                    return "[]";
                }, ended::add);
    }

    @Test
    void snapshotThenDeltasWithConsecutiveSeqsOneInFlightAtATime() {
        SlowSink sink = new SlowSink();
        FeedSubscription s = subscription(sink, 64);
        s.resync();
        s.offerDelta(change(1));
        s.offerDelta(change(2));
        assertEquals(1, sink.sent.size(), "the next send waits for the one in flight");
        sink.completeAll();
        sink.completeAll();
        sink.completeAll();
        assertEquals(3, sink.sent.size());
        assertEquals("snapshot", sink.json(0).getString("type"));
        assertEquals(1, sink.json(0).getInt("seq"));
        assertEquals("delta", sink.json(1).getString("type"));
        assertEquals(2, sink.json(1).getInt("seq"));
        assertEquals(3, sink.json(2).getInt("seq"));
        assertEquals(2, sink.json(2).getJsonArray("changes").getJsonObject(0).getInt("deviceId"));
        assertFalse(sink.sent.get(2).contains("rttMs"), "no RTT when nothing answered");
    }

    @Test
    void aClientThatFallsBehindGetsOneSnapshotInsteadOfTheBacklog() {
        SlowSink sink = new SlowSink();
        FeedSubscription s = subscription(sink, 4);
        s.resync();
        for (int i = 0; i < 7; i++) {
            s.offerDelta(change(i));
        }
        assertEquals(1, s.drops());
        sink.completeAll();
        while (!sink.inFlight.isEmpty()) {
            sink.completeAll();
        }
        // The first snapshot; the 5th delta overflowed the queue of 4: one snapshot, then the 6th and 7th deltas.
        assertEquals("snapshot", sink.json(1).getString("type"));
        assertEquals(2, sink.json(1).getInt("seq"), "no gap in seq after a drop");
        assertEquals(2, snapshotsBuilt.get());
        for (int i = 2; i < sink.sent.size(); i++) {
            assertEquals(i + 1, sink.json(i).getInt("seq"));
            assertEquals("delta", sink.json(i).getString("type"));
        }
        assertEquals(4, sink.sent.size(), "the backlog was not sent");
        assertEquals(6, sink.json(3).getJsonArray("changes").getJsonObject(0).getInt("deviceId"));
    }

    @Test
    void resyncReplacesWhatIsPendingAndTakesTheNextSeq() {
        SlowSink sink = new SlowSink();
        FeedSubscription s = subscription(sink, 64);
        s.resync();
        s.offerDelta(change(1));
        s.resync();
        sink.completeAll();
        sink.completeAll();
        assertEquals(2, sink.sent.size());
        assertEquals("snapshot", sink.json(1).getString("type"));
        assertEquals(2, sink.json(1).getInt("seq"));
    }

    @Test
    void heartbeatsOnlyWhenIdleAndWithoutSeq() {
        SlowSink sink = new SlowSink();
        FeedSubscription s = subscription(sink, 64);
        s.resync();
        s.offerHeartbeat();
        assertEquals(1, sink.sent.size(), "no heartbeat while a message is in flight");
        sink.completeAll();
        s.offerHeartbeat();
        assertEquals("{\"type\":\"heartbeat\"}", sink.sent.get(1));
        sink.completeAll();
        s.offerDelta(change(1));
        assertEquals(2, sink.json(2).getInt("seq"), "a heartbeat spends no seq");
    }

    @Test
    void aFailedSendEndsTheSubscription() {
        SlowSink sink = new SlowSink();
        FeedSubscription s = subscription(sink, 64);
        s.resync();
        sink.inFlight.remove(0).accept(new java.io.IOException("reset"));
        assertTrue(sink.closed);
        assertEquals(List.of(s), ended);
        s.offerDelta(change(1));
        assertEquals(1, sink.sent.size(), "nothing more is sent");
    }
}
