package ge.wardops.report;

import ge.wardops.shared.InvalidInputException;

import java.util.Locale;

/** The document formats a report is kept in. */
public enum ReportFormat {
    CSV("text/csv; charset=UTF-8", "csv"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    PDF("application/pdf", "pdf");

    private final String contentType;
    private final String extension;

    ReportFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    /** {@code csv}, {@code xlsx} or {@code pdf} (any case); anything else is a 400 naming the field. */
    public static ReportFormat of(String name, String field) {
        if (name == null || name.isBlank()) {
            return PDF;
        }
        try {
            return valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "csv, xlsx or pdf, was '" + name + "'");
        }
    }

    public String contentType() {
        return contentType;
    }

    public String extension() {
        return extension;
    }
}
