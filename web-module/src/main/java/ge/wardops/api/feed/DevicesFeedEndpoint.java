package ge.wardops.api.feed;

import ge.wardops.feed.DevicesFeedHub;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;

import java.io.IOException;
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

    private FeedConnection connection;

    @OnOpen
    public void open(Session session) throws IOException {
        DevicesFeedHub hub = CDI.current().select(DevicesFeedHub.class).get();
        connection = FeedConnection.open(session, hub::subscribe, hub::unsubscribe);
    }

    @OnMessage(maxMessageSize = FeedConnection.MAX_INCOMING)
    public void message(Session session, String text) throws IOException {
        if (connection != null) {
            connection.message(session, text);
        }
    }

    @OnClose
    public void close(Session session) {
        if (connection != null) {
            connection.close();
        }
    }

    @OnError
    public void error(Session session, Throwable failure) {
        LOG.log(Level.FINE, "Feed connection failed", failure);
        close(session);
    }
}
