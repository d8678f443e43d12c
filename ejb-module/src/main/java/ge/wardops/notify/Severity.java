package ge.wardops.notify;

import java.util.List;

/** The alert severities in rising order, as the schema's CHECK constraints spell them. */
final class Severity {

    static final List<String> ORDER = List.of("INFO", "WARNING", "MAJOR", "CRITICAL");

    private Severity() {
    }

    /** Whether {@code severity} is {@code minimum} or above; an unknown severity counts as the lowest. */
    static boolean atLeast(String severity, String minimum) {
        return ORDER.indexOf(severity) >= ORDER.indexOf(minimum);
    }
}
