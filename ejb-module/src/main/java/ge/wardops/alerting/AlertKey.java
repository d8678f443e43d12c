package ge.wardops.alerting;

/** What de-duplication is about: one open alert per rule and subject (uq_alerts_open_subject). */
public record AlertKey(Long ruleId, String subjectKey) {
}
