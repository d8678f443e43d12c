package ge.wardops.inventory.importing;

import java.time.Instant;
import java.util.List;

/** A snapshot of an import job, as the API and the console show it. */
public record ImportJobStatus(String id, String owner, String fileName, ImportState state, int totalRows,
                              int validatedRows, int importedRows, int errorCount, List<RowError> errors,
                              String message, int percent, Instant createdAt, Instant finishedAt) {
}
