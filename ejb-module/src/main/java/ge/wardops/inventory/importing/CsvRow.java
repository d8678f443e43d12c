package ge.wardops.inventory.importing;

import java.util.Map;

/** One data line of an import file: its line number and its cells by (lower-case) column name. */
public record CsvRow(long line, Map<String, String> cells) {

    public String get(String column) {
        String v = cells.get(column);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
