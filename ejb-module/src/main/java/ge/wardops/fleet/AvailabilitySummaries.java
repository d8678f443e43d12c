package ge.wardops.fleet;

import java.util.List;

/** The summaries of many branches or regions, computed from one availability read. */
public record AvailabilitySummaries(String timeRange, boolean degraded, List<AvailabilitySummary> items) {
}
