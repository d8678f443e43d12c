package ge.wardops.feed;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Who opened which feed subscription, so "log out everywhere" can close a user's feeds on every hub
 * of this node. Names are compared case-insensitively, as logins are.
 */
final class FeedOwners {

    private final Map<FeedSubscription, String> owners = new ConcurrentHashMap<>();

    void remember(FeedSubscription s, String username) {
        if (username != null) {
            owners.put(s, username.toLowerCase());
        }
    }

    void forget(FeedSubscription s) {
        owners.remove(s);
    }

    /** Unsubscribes and closes every subscription {@code username} opened; answers how many. */
    int closeAllOf(String username, String reason, Consumer<FeedSubscription> unsubscribe) {
        String key = username.toLowerCase();
        int closed = 0;
        for (Map.Entry<FeedSubscription, String> e : List.copyOf(owners.entrySet())) {
            if (e.getValue().equals(key)) {
                unsubscribe.accept(e.getKey());
                e.getKey().close(reason);
                closed++;
            }
        }
        return closed;
    }
}
