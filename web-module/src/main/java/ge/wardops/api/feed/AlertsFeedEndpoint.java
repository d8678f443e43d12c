package ge.wardops.api.feed;

import ge.wardops.feed.AlertsFeedHub;
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
 * {@code /api/v1/ws/alerts}: the open alerts of the caller's regions, then every transition of an
 * alert in them (FIRING, ACKNOWLEDGED, COMMENTED, RESOLVED, ESCALATED, FLAPPING) as sequence-numbered
 * deltas; {@code {"type":"resync"}} asks for a fresh snapshot. Same handshake, scoping and protocol
 * as {@code /api/v1/ws/devices} (docs/api.md, "Live feeds").
 */
@ServerEndpoint(value = "/api/v1/ws/alerts", configurator = FeedHandshake.class)
public class AlertsFeedEndpoint {

    private static final Logger LOG = Logger.getLogger(AlertsFeedEndpoint.class.getName());

    private FeedConnection connection;

    @OnOpen
    public void open(Session session) throws IOException {
        AlertsFeedHub hub = CDI.current().select(AlertsFeedHub.class).get();
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
