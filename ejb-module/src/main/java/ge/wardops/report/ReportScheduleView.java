package ge.wardops.report;

import java.time.Instant;
import java.util.List;

/**
 * A stored schedule. {@code regionIds} null: every region. {@code nextRun} is its next occurrence.
 */
public record ReportScheduleView(long id, String name, Cadence cadence, Integer dayOfMonth, String dayOfWeek, String time,
                                 String recipients, List<Long> regionIds, String owner, boolean enabled, Instant createdAt,
                                 Instant nextRun, long version) {

    public enum Cadence { MONTHLY, WEEKLY }
}
