package ge.wardops.inventory;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a caller sends to create or change a branch. */
public record BranchDraft(
        @NotNull(message = "a branch belongs to a region") Long regionId,
        @NotBlank(message = "a branch needs a name") @Size(max = 120) String name,
        @NotBlank(message = "a branch needs a code") @Size(max = 20)
        @Pattern(regexp = "[A-Za-z0-9_-]+", message = "letters, digits, '-' and '_' only") String code,
        @Size(max = 100) String city,
        @Size(max = 255) String address,
        @DecimalMin("-90") @DecimalMax("90") Double latitude,
        @DecimalMin("-180") @DecimalMax("180") Double longitude,
        Long version) {
}
