package ge.wardops.inventory;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a caller sends to create or change a region. */
public record RegionDraft(
        @NotBlank(message = "a region needs a name") @Size(max = 100) String name,
        @NotBlank(message = "a region needs a code") @Size(max = 20)
        @Pattern(regexp = "[A-Za-z0-9_-]+", message = "letters, digits, '-' and '_' only") String code,
        Long version) {
}
