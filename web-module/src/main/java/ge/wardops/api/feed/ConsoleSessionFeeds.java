package ge.wardops.api.feed;

import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends a console's feed connections when its login ends (logout or session timeout): a WebSocket
 * outlives the HTTP session it was opened with, and without this it would keep sending to a user
 * who is no longer logged in. Connections opened with Basic credentials have no HTTP session.
 */
@WebListener
public class ConsoleSessionFeeds implements HttpSessionListener {

    private static final Map<String, Set<Session>> BY_HTTP_SESSION = new ConcurrentHashMap<>();

    static void opened(String httpSessionId, Session feed) {
        if (httpSessionId != null) {
            BY_HTTP_SESSION.computeIfAbsent(httpSessionId, id -> ConcurrentHashMap.newKeySet()).add(feed);
            feed.getUserProperties().put(ConsoleSessionFeeds.class.getName(), httpSessionId);
        }
    }

    static void closed(Session feed) {
        if (feed.getUserProperties().get(ConsoleSessionFeeds.class.getName()) instanceof String id) {
            BY_HTTP_SESSION.computeIfPresent(id, (k, feeds) -> {
                feeds.remove(feed);
                return feeds.isEmpty() ? null : feeds;
            });
        }
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        Set<Session> feeds = BY_HTTP_SESSION.remove(event.getSession().getId());
        if (feeds == null) {
            return;
        }
        for (Session feed : feeds) {
            try {
                feed.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "logged out"));
            } catch (IOException e) {
                // Already gone.
            }
        }
    }
}
