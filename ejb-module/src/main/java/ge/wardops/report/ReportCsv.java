package ge.wardops.report;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A report as one UTF-8 CSV (RFC 4180, CRLF): a few lines saying what it is, then each section as
 * its title line, its header line and its rows, sections apart by an empty line. Times are UTC
 * (ISO-8601) as in every CSV of WARD OPS; numbers use a dot. Every text cell is defused
 * ({@link SpreadsheetText}).
 */
public final class ReportCsv {

    private ReportCsv() {
    }

    public static byte[] render(AvailabilityReport r) {
        StringBuilder out = new StringBuilder(64 * 1024);
        line(out, List.of("WARD OPS availability and SLA report"));
        line(out, List.of("period", r.period().label()));
        line(out, List.of("from_utc", r.period().from().toString()));
        line(out, List.of("to_utc", r.period().to().toString()));
        line(out, List.of("time_zone", r.period().zone().getId()));
        line(out, List.of("scope", r.scope()));
        line(out, List.of("generated_by", r.generatedBy()));
        line(out, List.of("generated_at_utc", r.generatedAt().toString()));
        line(out, List.of("round_seconds", String.valueOf(r.round().toSeconds())));
        for (ReportTable t : ReportTables.of(r)) {
            out.append("\r\n");
            line(out, List.of(t.title()));
            line(out, t.columns().stream().map(ReportTable.Column::name).toList());
            for (List<Object> row : t.rows()) {
                List<String> cells = new ArrayList<>(row.size());
                for (int i = 0; i < row.size(); i++) {
                    cells.add(text(row.get(i), t.columns().get(i).type()));
                }
                line(out, cells);
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String text(Object value, ReportTable.CellType type) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case TEXT -> value.toString();
            case INTEGER -> String.valueOf(((Number) value).longValue());
            case PERCENT -> String.format(Locale.ROOT, "%.4f", ((Number) value).doubleValue());
            case NUMBER, MINUTES, HOURS -> String.format(Locale.ROOT, "%.3f", ((Number) value).doubleValue());
            case TIME -> ((Instant) value).toString();
        };
    }

    private static void line(StringBuilder out, List<String> cells) {
        DeviceListExport.row(out, cells);
    }
}
