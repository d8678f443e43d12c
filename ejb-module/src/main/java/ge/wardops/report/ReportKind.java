package ge.wardops.report;

/**
 * What a report is about. The availability report holds the SLA sections, the incidents and the
 * Top N lists together (one computation, one document with a sheet per section).
 */
public enum ReportKind { AVAILABILITY }
