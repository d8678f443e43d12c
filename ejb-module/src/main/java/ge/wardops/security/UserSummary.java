package ge.wardops.security;

import java.time.Instant;
import java.util.Set;

/** What the audit log keeps of a user: never the hash. */
public record UserSummary(String username, String displayName, Set<String> roles, Set<Long> regionIds,
                          boolean enabled, boolean mustChangePassword, Instant lockedUntil, long version) {
}
