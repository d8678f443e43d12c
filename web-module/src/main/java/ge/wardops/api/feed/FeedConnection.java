package ge.wardops.api.feed;

import ge.wardops.feed.FeedSink;
import ge.wardops.feed.FeedSubscription;
import ge.wardops.security.RegionScope;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.io.StringReader;
import java.util.function.Consumer;

/**
 * What every feed endpoint does with its connection, written once: subscribe with the scope the
 * handshake decided (or refuse an unauthenticated client), answer {@code {"type":"resync"}} with a
 * fresh snapshot and refuse anything else, unsubscribe on close.
 */
final class FeedConnection {

    /** Clients only ever send {"type":"resync"}; anything longer is refused by the container. */
    static final int MAX_INCOMING = 1024;

    private final FeedSubscription subscription;
    private final Consumer<FeedSubscription> unsubscribe;

    private FeedConnection(FeedSubscription subscription, Consumer<FeedSubscription> unsubscribe) {
        this.subscription = subscription;
        this.unsubscribe = unsubscribe;
    }

    /** How a hub takes a new client: its sink, the scope the handshake decided, and who it is. */
    @FunctionalInterface
    interface Subscriber {
        FeedSubscription subscribe(FeedSink sink, RegionScope scope, String username);
    }

    /** The connection's subscription, or null (and the session closed) when the client is not authenticated. */
    static FeedConnection open(Session session, Subscriber subscribe, Consumer<FeedSubscription> unsubscribe) throws IOException {
        FeedHandshake.Caller caller = FeedHandshake.decided(session.getUserPrincipal());
        if (caller == null) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not authenticated"));
            return null;
        }
        return new FeedConnection(subscribe.subscribe(new WebSocketFeedSink(session), caller.scope(), caller.name()), unsubscribe);
    }

    void message(Session session, String text) throws IOException {
        String type;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonObject o = reader.readObject();
            type = o.getString("type", "");
        } catch (JsonException | ClassCastException e) {
            type = "";
        }
        if ("resync".equals(type)) {
            subscription.resync();
        } else {
            session.close(new CloseReason(CloseReason.CloseCodes.CANNOT_ACCEPT, "only {\"type\":\"resync\"} is understood"));
        }
    }

    void close() {
        unsubscribe.accept(subscription);
    }
}
