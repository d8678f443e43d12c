package ge.wardops.security.web;

import ge.wardops.security.SignIn;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a logged-in user still has to change the password, asked on every request: cached
 * briefly so that a busy API client costs no query per call. This node forgets its answer the
 * moment the user changes the password here; other nodes of a cluster follow within
 * {@link #KEEP_MILLIS}.
 */
@ApplicationScoped
public class PasswordChangeRequirements {

    static final long KEEP_MILLIS = 15_000;

    private record Known(boolean pending, long at) {
    }

    private final Map<String, Known> known = new ConcurrentHashMap<>();

    @EJB
    SignIn users;

    public boolean pending(String username) {
        String key = username.toLowerCase();
        long now = System.currentTimeMillis();
        Known k = known.get(key);
        if (k == null || now - k.at() > KEEP_MILLIS) {
            if (known.size() > 10_000) {
                known.clear();
            }
            k = new Known(users.mustChangePassword(username), now);
            known.put(key, k);
        }
        return k.pending();
    }

    public void forget(String username) {
        known.remove(username.toLowerCase());
    }
}
