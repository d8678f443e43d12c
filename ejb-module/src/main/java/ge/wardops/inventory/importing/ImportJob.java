package ge.wardops.inventory.importing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The live progress of one import, read by the console's progress bar and the job status
 * resource while the import runs on another thread.
 */
public final class ImportJob {

    /** At most this many row errors are kept; the count of all of them is kept too. */
    static final int MAX_REPORTED_ERRORS = 1000;

    private final String id;
    private final String owner;
    private final String fileName;
    private final Instant createdAt = Instant.now();
    private volatile ImportState state = ImportState.QUEUED;
    private volatile int totalRows;
    private volatile int validatedRows;
    private volatile int importedRows;
    private volatile int errorCount;
    private volatile String message;
    private volatile Instant finishedAt;
    private final List<RowError> errors = new ArrayList<>();

    ImportJob(String id, String owner, String fileName) {
        this.id = id;
        this.owner = owner;
        this.fileName = fileName;
    }

    /** A consistent copy for callers: the job itself keeps changing. */
    public synchronized ImportJobStatus status() {
        int percent = switch (state) {
            case QUEUED -> 0;
            case VALIDATING -> totalRows == 0 ? 0 : validatedRows * 50 / totalRows;
            case IMPORTING -> 50 + (totalRows == 0 ? 0 : importedRows * 50 / totalRows);
            case SUCCEEDED, FAILED -> 100;
        };
        return new ImportJobStatus(id, owner, fileName, state, totalRows, validatedRows, importedRows,
                errorCount, List.copyOf(errors), message, percent, createdAt, finishedAt);
    }

    public String id() { return id; }
    public String owner() { return owner; }

    synchronized void validating(int total) {
        this.totalRows = total;
        this.state = ImportState.VALIDATING;
    }

    synchronized void validated(int rows) {
        this.validatedRows = rows;
    }

    synchronized void error(RowError error) {
        errorCount++;
        if (errors.size() < MAX_REPORTED_ERRORS) {
            errors.add(error);
        }
    }

    synchronized boolean hasErrors() {
        return errorCount > 0;
    }

    synchronized void importing() {
        this.state = ImportState.IMPORTING;
    }

    synchronized void imported(int rows) {
        this.importedRows = rows;
    }

    synchronized void finish(ImportState end, String message) {
        this.state = end;
        this.message = message;
        this.finishedAt = Instant.now();
    }

    boolean isFinished() {
        return finishedAt != null;
    }

    Instant finishedAt() {
        return finishedAt;
    }
}
