package ge.wardops.report;

import java.time.Instant;
import java.util.List;

/**
 * What to report on: a calendar month ({@code month}, e.g. {@code 2026-11}, in the bank's zone), or
 * {@code from}/{@code to} (UTC), or neither for last month; optionally only some regions (within
 * the caller's own); {@code format} only names the download the answer links to first.
 */
public record ReportRequest(String kind, String month, Instant from, Instant to, List<Long> regionIds, String format) {
}
