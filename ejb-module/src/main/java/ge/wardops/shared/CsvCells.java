package ge.wardops.shared;

/**
 * One CSV cell as RFC 4180 wants it and as a spreadsheet may open it safely: quoted when it holds a
 * separator, quote or line break; a value that starts with = + - @ tab or carriage return (a formula
 * to Excel or LibreOffice, OWASP "CSV injection") gets a leading apostrophe, so opening an export
 * never runs what a device or a user typed. JSON exports keep values exactly as stored.
 */
public final class CsvCells {

    private CsvCells() {
    }

    public static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            v = '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
