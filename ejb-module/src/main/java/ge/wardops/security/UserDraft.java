package ge.wardops.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * What an administrator sends to create a user. The password is checked against the
 * PasswordPolicy; {@code mustChangePassword} true makes the user change it at the first login
 * (the console's form sets it; an API client creating a service account may leave it out).
 */
public record UserDraft(
        @NotBlank(message = "a user needs a user name") @Size(max = 100)
        @Pattern(regexp = "[A-Za-z0-9._@-]+", message = "letters, digits and . _ @ - only") String username,
        @NotBlank(message = "a user needs a first password")
        @Size(max = 200, message = "a password has at most 200 characters") String password,
        @Size(max = 200) String displayName,
        @NotEmpty(message = "a user needs at least one role")
        List<@Pattern(regexp = "admin|operator|regional_manager|auditor|viewer",
                message = "roles are admin, operator, regional_manager, auditor, viewer") String> roles,
        List<Long> regionIds,
        Boolean mustChangePassword) {
}
