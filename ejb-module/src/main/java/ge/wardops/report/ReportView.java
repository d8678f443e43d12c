package ge.wardops.report;

import java.time.Instant;
import java.util.List;

/**
 * A generated (or generating) report as the API and console list it.
 *
 * @param regionIds the regions it covers; null for every region
 * @param formats   the documents ready for download
 * @param progressPercent how far its generation got (100 when DONE)
 * @param progressStep    what a RUNNING report is doing ("querying samples", "rendering PDF"); null once it ended
 */
public record ReportView(long id, ReportKind kind, String period, Instant from, Instant to, String timeZone, List<Long> regionIds,
                         String scope, String requestedBy, Long scheduleId, ReportStatus status, String error, Instant createdAt,
                         Instant finishedAt, Instant expiresAt, List<ReportFormat> formats, int progressPercent,
                         String progressStep) {
}
