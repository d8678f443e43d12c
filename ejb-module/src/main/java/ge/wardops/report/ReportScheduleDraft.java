package ge.wardops.report;

import java.util.List;

/**
 * A schedule as a caller writes it: {@code cadence} MONTHLY (with {@code dayOfMonth} 1..28) or
 * WEEKLY (with {@code dayOfWeek} MON..SUN), {@code time} HH:MM in the bank's zone, comma-separated
 * {@code recipients}, optionally {@code regionIds} within the caller's own; {@code version} as read
 * for an update.
 */
public record ReportScheduleDraft(String name, String cadence, Integer dayOfMonth, String dayOfWeek, String time, String recipients,
                                  List<Long> regionIds, Boolean enabled, Long version) {
}
