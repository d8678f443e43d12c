package ge.wardops.security;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * What an administrator changes on an existing user: roles, regions, display name, enabled; with
 * the {@code version} of the user that was read (required, a stale one is refused).
 */
public record UserChange(
        @Size(max = 200) String displayName,
        @NotEmpty(message = "a user needs at least one role")
        List<@Pattern(regexp = "admin|operator|regional_manager|auditor|viewer",
                message = "roles are admin, operator, regional_manager, auditor, viewer") String> roles,
        List<Long> regionIds,
        Boolean enabled,
        Long version) {
}
