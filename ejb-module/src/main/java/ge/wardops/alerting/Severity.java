package ge.wardops.alerting;

/**
 * How bad an alert is, least first: the one list for rules, alerts, notification routes and the
 * console (the schema's CHECK constraints spell the same names).
 */
public enum Severity {
    INFO, WARNING, MAJOR, CRITICAL;

    /** Whether this is {@code minimum} or worse. */
    public boolean atLeast(Severity minimum) {
        return compareTo(minimum) >= 0;
    }
}
