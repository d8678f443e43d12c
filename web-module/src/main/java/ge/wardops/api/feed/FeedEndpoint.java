package ge.wardops.api.feed;

import ge.wardops.feed.FeedHub;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One connection to a live feed, whichever feed: opening subscribes the caller (decided at the
 * handshake, {@link FeedHandshake}) to the feed's hub, a {@code {"type":"resync"}} asks for a fresh
 * snapshot, closing or failing unsubscribes. A subclass per path names its hub and carries the
 * {@code @ServerEndpoint}. Public, as the WebSocket runtime calls these inherited methods reflectively.
 * One instance per connection; the hub is looked up rather than injected because the WebSocket
 * runtime, not CDI, creates the instance.
 */
public abstract class FeedEndpoint {

    private static final Logger LOG = Logger.getLogger(FeedEndpoint.class.getName());

    private FeedConnection connection;

    /** The hub of this endpoint's feed. */
    protected abstract FeedHub hub();

    @OnOpen
    public void open(Session session) throws IOException {
        FeedHub hub = hub();
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
