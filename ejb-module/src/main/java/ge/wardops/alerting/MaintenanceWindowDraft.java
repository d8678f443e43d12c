package ge.wardops.alerting;

import java.time.Instant;

/** A maintenance window as a client sends it; {@code version} is the one read, for updates. */
public record MaintenanceWindowDraft(String name, ScopeType scopeType, String scopeValue, Instant startsAt, Instant endsAt,
                                     String recurrence, Instant repeatUntil, String description, Long version) {
}
