package ge.wardops.report;

/**
 * How far a report's generation got, told as it goes: a percentage and the step it is in
 * ("querying samples", "rendering PDF"), stored with the report for the status endpoint and the
 * console's progress bar.
 */
@FunctionalInterface
public interface ReportProgress {

    /** For computations nobody follows (tests, the benchmark). */
    ReportProgress NONE = (percent, step) -> { };

    void at(int percent, String step);
}
