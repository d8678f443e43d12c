package ge.wardops.notify;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * What a caller sends to create or change a channel. {@code target} is the recipients (EMAIL,
 * comma-separated) or the URL (WEBHOOK). A webhook's {@code secret} (16 characters or more) signs
 * its messages; left out on a change it keeps the stored one. toString never prints the secret.
 */
public record ChannelDraft(
        @NotBlank(message = "a channel needs a name") @Size(max = 100, message = "a name has at most 100 characters") String name,
        @NotBlank(message = "choose the kind: EMAIL or WEBHOOK")
        @Pattern(regexp = "EMAIL|WEBHOOK", message = "the kind is EMAIL or WEBHOOK") String kind,
        @NotBlank(message = "an EMAIL channel needs recipients, a WEBHOOK channel a URL")
        @Size(max = 1000, message = "at most 1000 characters") String target,
        @Size(min = 16, max = 200, message = "a webhook secret has 16 to 200 characters") String secret,
        Boolean enabled,
        Long version) {

    ChannelDraft normalized() {
        return new ChannelDraft(strip(name), strip(kind), strip(target), secret == null || secret.isBlank() ? null : secret,
                enabled, version);
    }

    @Override
    public String toString() {
        return "ChannelDraft[" + name + ", " + kind + ", " + target + ", secret " + (secret == null ? "-" : "****")
                + ", enabled " + enabled + ", version " + version + "]";
    }

    private static String strip(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
