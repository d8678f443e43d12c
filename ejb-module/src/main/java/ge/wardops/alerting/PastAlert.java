package ge.wardops.alerting;

/** An alert of a past period with who resolved it (the snapshot alone does not say), for reports. */
public record PastAlert(AlertSnapshot alert, String resolvedBy) {
}
