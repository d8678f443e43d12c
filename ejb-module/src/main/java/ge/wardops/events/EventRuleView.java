package ge.wardops.events;

import ge.wardops.alerting.Severity;

import java.time.Instant;

/** An event rule as the API shows it (and as its audit rows record it). */
public record EventRuleView(long id, String name, boolean enabled, EventKind kind, String trap, String syslogSeverity, String facility,
                            String program, String messagePattern, Long regionId, Long deviceId, Severity severity, String subject,
                            String subjectField, String clearedBy, String createdBy, Instant createdAt, Instant updatedAt, long version) {
}
