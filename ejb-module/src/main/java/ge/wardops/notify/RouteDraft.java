package ge.wardops.notify;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a caller sends to create or change a route: which alerts ({@code ruleId} or all rules,
 * {@code minSeverity} and up, {@code regionId} or all regions) go to {@code channelId}, and,
 * optionally, after how many minutes unacknowledged they escalate to {@code escalationChannelId}.
 */
public record RouteDraft(
        @NotBlank(message = "a route needs a name") @Size(max = 100, message = "a name has at most 100 characters") String name,
        Long ruleId,
        @Pattern(regexp = "INFO|WARNING|MAJOR|CRITICAL", message = "the severity is INFO, WARNING, MAJOR or CRITICAL") String minSeverity,
        Long regionId,
        @NotNull(message = "choose the channel the alerts go to") Long channelId,
        @Min(value = 1, message = "escalate after 1 minute or more")
        @Max(value = 10080, message = "escalate within a week (10080 minutes)") Integer escalateAfterMinutes,
        Long escalationChannelId,
        Boolean enabled,
        Long version) {

    RouteDraft normalized() {
        return new RouteDraft(name == null || name.isBlank() ? null : name.strip(), ruleId,
                minSeverity == null || minSeverity.isBlank() ? "WARNING" : minSeverity.strip(), regionId, channelId,
                escalateAfterMinutes, escalationChannelId, enabled == null || enabled, version);
    }
}
