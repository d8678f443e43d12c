package ge.wardops.report;

import java.time.Instant;

/** A branch's or region's own SLO target. {@code scopeType} is REGION or BRANCH. */
public record SloTargetView(String scopeType, long scopeId, String scopeName, double targetPercent, String updatedBy, Instant updatedAt) {
}
