package ge.wardops.events;

/**
 * An event rule as an administrator sends it (create and change); {@code version} is the one read,
 * required for a change. Which fields apply depends on {@code kind}: see docs/events.md.
 */
public record EventRuleDraft(String name, Boolean enabled, String kind, String trap, String syslogSeverity, String facility,
                             String program, String messagePattern, Long regionId, Long deviceId, String severity,
                             String subject, String subjectField, String clearedBy, Long version) {
}
