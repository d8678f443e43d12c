package ge.wardops.security.web;

import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpSessionAttributeListener;
import jakarta.servlet.http.HttpSessionBindingEvent;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console sessions of each user on this node, so that "log out everywhere" can end them:
 * a session joins its user's set when the login is stored in it and leaves when it ends. The
 * container creates the listener, so the sets are static (one per deployment's class loader).
 * In a cluster each node ends the sessions it holds; with session replication a session ended
 * on its own node is gone everywhere.
 */
@WebListener
public class ConsoleSessions implements HttpSessionListener, HttpSessionAttributeListener {

    private static final Map<String, Set<HttpSession>> BY_USER = new ConcurrentHashMap<>();

    @Override
    public void attributeAdded(HttpSessionBindingEvent event) {
        if (ConsoleAndApiAuthentication.SESSION_CALLER.equals(event.getName())
                && event.getValue() instanceof ConsoleAndApiAuthentication.SessionCaller caller) {
            BY_USER.computeIfAbsent(key(caller.name()), k -> ConcurrentHashMap.newKeySet()).add(event.getSession());
        }
    }

    @Override
    public void attributeReplaced(HttpSessionBindingEvent event) {
        attributeRemoved(event);
        HttpSession session = event.getSession();
        Object now = session.getAttribute(ConsoleAndApiAuthentication.SESSION_CALLER);
        if (now instanceof ConsoleAndApiAuthentication.SessionCaller caller) {
            BY_USER.computeIfAbsent(key(caller.name()), k -> ConcurrentHashMap.newKeySet()).add(session);
        }
    }

    @Override
    public void attributeRemoved(HttpSessionBindingEvent event) {
        if (ConsoleAndApiAuthentication.SESSION_CALLER.equals(event.getName())
                && event.getValue() instanceof ConsoleAndApiAuthentication.SessionCaller caller) {
            Set<HttpSession> sessions = BY_USER.get(key(caller.name()));
            if (sessions != null) {
                sessions.remove(event.getSession());
            }
        }
    }

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        BY_USER.values().forEach(sessions -> sessions.remove(event.getSession()));
    }

    /** Ends every console session of {@code username} on this node; answers how many. */
    static int invalidateAllOf(String username) {
        Set<HttpSession> sessions = BY_USER.remove(key(username));
        if (sessions == null) {
            return 0;
        }
        int ended = 0;
        for (HttpSession session : List.copyOf(sessions)) {
            try {
                session.invalidate();
                ended++;
            } catch (IllegalStateException alreadyEnded) {
                // Ended meanwhile (timeout, its own logout).
            }
        }
        return ended;
    }

    /** How many console sessions {@code username} has on this node. */
    static int countOf(String username) {
        Set<HttpSession> sessions = BY_USER.get(key(username));
        return sessions == null ? 0 : sessions.size();
    }

    private static String key(String username) {
        return username.toLowerCase();
    }
}
