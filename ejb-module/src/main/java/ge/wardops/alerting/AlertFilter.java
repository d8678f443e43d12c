package ge.wardops.alerting;

import java.time.Instant;

/**
 * The alert list's filters, each optional: state (FIRING, ACKNOWLEDGED, RESOLVED, or OPEN for the
 * first two), severity, region, branch, device, triggered from/to; and the page.
 */
public record AlertFilter(String state, String severity, Long regionId, Long branchId, Long deviceId, Instant from, Instant to,
                          int offset, int limit) {
}
