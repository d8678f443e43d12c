package ge.wardops.feed;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clients of one feed hub and who opened each (lower case, or empty for a client without a
 * name), written once for every hub: adding starts a client with its snapshot, removing ends it, and
 * "log out everywhere" closes all of one user's clients on this node.
 */
final class FeedClients {

    private final Map<FeedSubscription, String> owners = new ConcurrentHashMap<>();

    /** Starts {@code s} (its snapshot first) for {@code username}, which may be null. */
    FeedSubscription add(FeedSubscription s, String username) {
        owners.put(s, username == null ? "" : username.toLowerCase());
        s.resync();
        return s;
    }

    void remove(FeedSubscription s) {
        s.end();
        owners.remove(s);
    }

    /** Removes and closes every client {@code username} opened; answers how many. */
    int closeAllOf(String username, String reason) {
        String key = username.toLowerCase();
        int closed = 0;
        for (Map.Entry<FeedSubscription, String> e : List.copyOf(owners.entrySet())) {
            if (e.getValue().equals(key)) {
                remove(e.getKey());
                e.getKey().close(reason);
                closed++;
            }
        }
        return closed;
    }

    /** The clients now (a live view; iterating it while clients come and go is safe). */
    Collection<FeedSubscription> all() {
        return owners.keySet();
    }

    /** Ends every client (the hub is stopping). */
    void removeAll() {
        List.copyOf(owners.keySet()).forEach(this::remove);
    }

    boolean isEmpty() {
        return owners.isEmpty();
    }

    int size() {
        return owners.size();
    }
}
