package ge.wardops.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a user sends to get an API token: a name to recognise it by, and its lifetime. */
public record TokenDraft(
        @NotBlank(message = "a token needs a name (what it is for)") @Size(max = 100) String name,
        @Min(value = 1, message = "a token lives 1 to 3650 days") @Max(value = 3650, message = "a token lives 1 to 3650 days")
        Integer expiresInDays) {
}
