package ge.wardops.alerting;

/** Where an alert is in its lifecycle (the {@code alerts.state} column's values). */
public enum AlertState { FIRING, ACKNOWLEDGED, RESOLVED }
