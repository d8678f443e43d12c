package ge.wardops.security;

import java.io.Serializable;

/**
 * A user's console sessions and live feeds were ended on one node ("log out everywhere", a reset
 * password, a disabled account); sent to the other nodes of a cluster, which end theirs.
 */
public record SessionsEnded(String username, String reason) implements Serializable {
}
