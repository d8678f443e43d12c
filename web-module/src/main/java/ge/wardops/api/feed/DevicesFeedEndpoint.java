package ge.wardops.api.feed;

import ge.wardops.feed.DevicesFeedHub;
import ge.wardops.feed.FeedSink;
import ge.wardops.feed.FeedSubscription;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
import java.io.StringReader;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code /api/v1/ws/devices}: a snapshot of the caller's devices, then their state changes as
 * sequence-numbered deltas; the client sends {@code {"type":"resync"}} for a fresh snapshot.
 * One instance per connection. The hub is looked up rather than injected because the WebSocket
 * runtime, not CDI, creates this instance. A console's connection needs no logout handling here:
 * the container closes it (1008) when the HTTP session it was opened in ends (Jakarta WebSocket
 * 2.1, section 7.2; asserted by DevicesFeedIT).
 */
@ServerEndpoint(value = "/api/v1/ws/devices", configurator = FeedHandshake.class)
public class DevicesFeedEndpoint {

    private static final Logger LOG = Logger.getLogger(DevicesFeedEndpoint.class.getName());
    /** Clients only ever send {"type":"resync"}; anything longer is refused by the container. */
    private static final int MAX_INCOMING = 1024;

    private DevicesFeedHub hub;
    private FeedSubscription subscription;

    @OnOpen
    public void open(Session session) throws IOException {
        FeedHandshake.Caller caller = FeedHandshake.decided(session.getUserPrincipal());
        if (caller == null) {
            session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not authenticated"));
            return;
        }
        hub = CDI.current().select(DevicesFeedHub.class).get();
        subscription = hub.subscribe(new WebSocketSink(session), caller.scope(), caller.name());
    }

    @OnMessage(maxMessageSize = MAX_INCOMING)
    public void message(Session session, String text) throws IOException {
        if (subscription == null) {
            return;
        }
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

    @OnClose
    public void close(Session session) {
        if (subscription != null) {
            hub.unsubscribe(subscription);
        }
    }

    @OnError
    public void error(Session session, Throwable failure) {
        LOG.log(Level.FINE, "Feed connection failed", failure);
        close(session);
    }

    /** Sends through the session's asynchronous remote, so no thread waits on a slow client's socket. */
    private record WebSocketSink(Session session) implements FeedSink {

        @Override
        public void send(String text, Consumer<Throwable> whenDone) {
            if (!session.isOpen()) {
                whenDone.accept(new IOException("closed"));
                return;
            }
            session.getAsyncRemote().sendText(text, result -> whenDone.accept(result.isOK() ? null : result.getException()));
        }

        @Override
        public void close(String reason) {
            try {
                if (session.isOpen()) {
                    session.close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, reason));
                }
            } catch (IOException e) {
                // Already gone.
            }
        }
    }
}
