package ge.wardops.api.feed;

import ge.wardops.security.CallerScope;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

import java.security.Principal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides a feed client's regional scope while the upgrade request is still at hand: only here are
 * the caller's roles known ({@code isUserInRole}); the WebSocket callbacks that follow may run without
 * the caller's identity, so an EJB call from them could not tell.
 * <p>
 * The endpoint config is shared by every connection, so the result is not put in its user
 * properties (a concurrent handshake would overwrite it) but kept by user name for the
 * {@code @OnOpen} that follows: two handshakes of the same user compute the same scope, and
 * different users never share an entry.
 */
public class FeedHandshake extends ServerEndpointConfig.Configurator {

    /** What a handshake decided, for the @OnOpen that follows within {@link #KEPT_MILLIS}. */
    record Caller(String name, RegionScope scope, long decidedAt) {
    }

    private static final long KEPT_MILLIS = 60_000;
    private static final Map<String, Caller> DECIDED = new ConcurrentHashMap<>();

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        Principal principal = request.getUserPrincipal();
        if (principal == null) {
            // Not reachable behind web.xml's /api/* constraint; @OnOpen refuses such a client.
            return;
        }
        Set<String> roles = new HashSet<>();
        for (String role : Roles.ALL) {
            if (request.isUserInRole(role)) {
                roles.add(role);
            }
        }
        RegionScope scope = CDI.current().select(CallerScope.class).get().regionsOf(principal.getName(), roles);
        long now = System.currentTimeMillis();
        DECIDED.values().removeIf(c -> now - c.decidedAt() > KEPT_MILLIS);
        DECIDED.put(principal.getName(), new Caller(principal.getName(), scope, now));
    }

    /** The decision of this user's handshake, null if there was none (not authenticated). */
    static Caller decided(Principal principal) {
        if (principal == null) {
            return null;
        }
        Caller c = DECIDED.get(principal.getName());
        return c != null && System.currentTimeMillis() - c.decidedAt() <= KEPT_MILLIS ? c : null;
    }
}
