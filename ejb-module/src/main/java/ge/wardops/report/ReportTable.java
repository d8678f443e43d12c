package ge.wardops.report;

import java.util.List;

/**
 * One section of a report as a table, the shape every document format renders: typed columns, so
 * XLSX gets numbers and dates as numbers and dates, and CSV and PDF format them the same way.
 * Values: TEXT a String, INTEGER a Number, NUMBER/PERCENT/MINUTES/HOURS a Double, TIME an Instant;
 * null is an empty cell.
 */
public record ReportTable(String title, List<Column> columns, List<List<Object>> rows) {

    public record Column(String name, CellType type) {
    }

    public enum CellType { TEXT, INTEGER, NUMBER, PERCENT, MINUTES, HOURS, TIME }
}
