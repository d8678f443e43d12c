package ge.wardops.report;

/**
 * Text that a spreadsheet shows as text: a leading {@code = + - @}, tab or carriage return would make
 * Excel or LibreOffice read a device's name as a formula (CSV injection), so such text gets a
 * leading apostrophe. One rule for every export (device list CSV, report CSV and XLSX).
 */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    public static String defuse(String value) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }
}
