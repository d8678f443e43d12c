package ge.wardops.alerting;

import java.time.Instant;

/**
 * A maintenance window as stored and shown: one-off ({@code recurrence} null) from
 * {@code startsAt} to {@code endsAt}, or repeating DAILY / WEEKLY[:MON,...] at startsAt's local
 * time of day in the bank's zone for the same length, until {@code repeatUntil} if set.
 */
public record MaintenanceWindowView(long id, String name, ScopeType scopeType, String scopeValue, Instant startsAt,
                                    Instant endsAt, String recurrence, Instant repeatUntil, String description,
                                    String createdBy, long version) {
}
