package ge.wardops.alerting;

/** How bad an alert is, least first. */
public enum Severity { INFO, WARNING, MAJOR, CRITICAL }
