package ge.wardops.alerting;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An alert's message: the rule's template with {placeholders} filled in. The placeholders are
 * fixed (so a typo is a validation error on save, not a literal "{devcie}" in a page at 3 a.m.).
 */
public final class MessageTemplate {

    public static final Set<String> PLACEHOLDERS = Set.of("rule", "severity", "subject", "device", "ip", "branch",
            "region", "status", "rtt", "loss", "threshold");
    public static final String DEFAULT = "{rule}: {subject}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z]+)}");

    private MessageTemplate() {
    }

    /** The placeholders of {@code template} that do not exist; empty when it is fine. */
    public static Set<String> unknownPlaceholders(String template) {
        java.util.Set<String> unknown = new java.util.TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(template == null ? "" : template);
        while (m.find()) {
            if (!PLACEHOLDERS.contains(m.group(1))) {
                unknown.add(m.group(1));
            }
        }
        return unknown;
    }

    public static String render(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template == null || template.isBlank() ? DEFAULT : template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v == null ? "-" : v));
        }
        m.appendTail(out);
        return out.length() > 1000 ? out.substring(0, 1000) : out.toString();
    }
}
