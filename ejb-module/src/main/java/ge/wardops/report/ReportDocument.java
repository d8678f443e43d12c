package ge.wardops.report;

/** One document of a report, ready to send: its file name, its format and its bytes. */
public record ReportDocument(String fileName, ReportFormat format, byte[] content) {
}
