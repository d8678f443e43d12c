package ge.wardops.report;

/** How a report's generation went. */
public enum ReportStatus { RUNNING, DONE, FAILED }
