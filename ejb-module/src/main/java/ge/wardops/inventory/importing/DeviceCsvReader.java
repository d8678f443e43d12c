package ge.wardops.inventory.importing;

import ge.wardops.shared.Failures;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a device CSV file as spreadsheets write it: UTF-8 with or without a byte-order mark,
 * comma or semicolon separated (Excel in many locales uses ';'), quoted cells, a header line
 * naming the columns in any order and any case. Problems with the file as a whole (no header,
 * unknown or missing columns, broken quoting, bad encoding) come back as errors with a line.
 */
public final class DeviceCsvReader {

    public static final List<String> REQUIRED = List.of("name", "ip", "type", "branch");
    public static final List<String> OPTIONAL = List.of("vendor", "model", "parent", "enabled", "tags", "description", "snmp_port",
            "snmp_credential");

    /** The rows, or the errors that stop the file from being read at all. */
    public record Result(List<CsvRow> rows, List<RowError> errors) {
    }

    private DeviceCsvReader() {
    }

    public static Result read(byte[] file, int maxRows) {
        List<RowError> errors = new ArrayList<>();
        String text;
        try {
            text = decode(file);
        } catch (CharacterCodingException e) {
            return new Result(List.of(), List.of(new RowError(1, null, "the file is not UTF-8 text; save it as 'CSV UTF-8'")));
        }
        if (text.isBlank()) {
            return new Result(List.of(), List.of(new RowError(1, null, "the file is empty; the first line must name the columns: "
                    + String.join(",", REQUIRED) + " (optional: " + String.join(",", OPTIONAL) + ")")));
        }
        char delimiter = delimiterOf(text);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true)
                .setTrim(true).setHeader().setSkipHeaderRecord(true).setAllowMissingColumnNames(true).get();
        List<CsvRow> rows = new ArrayList<>();
        try (java.io.Reader reader = new java.io.StringReader(text); CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, String> columns = new HashMap<>();
            for (String header : parser.getHeaderNames()) {
                String key = header.strip().toLowerCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
                if (key.isEmpty()) {
                    continue;
                }
                if (!REQUIRED.contains(key) && !OPTIONAL.contains(key)) {
                    errors.add(new RowError(1, header, "unknown column '" + header + "'; columns are "
                            + String.join(",", REQUIRED) + " and optionally " + String.join(",", OPTIONAL)));
                } else if (columns.put(key, header) != null) {
                    errors.add(new RowError(1, header, "column '" + header + "' appears twice"));
                }
            }
            Set<String> missing = new LinkedHashSet<>(REQUIRED);
            missing.removeAll(columns.keySet());
            if (!missing.isEmpty()) {
                errors.add(new RowError(1, null, "missing column(s) " + String.join(", ", missing)
                        + "; the first line must name the columns"));
            }
            if (!errors.isEmpty()) {
                return new Result(List.of(), errors);
            }
            int[] lineStarts = lineStarts(text);
            for (CSVRecord record : parser) {
                // Where the record starts, so that blank lines and multi-line cells do not shift it.
                long recordLine = lineAt(lineStarts, firstNonBreak(text, record.getCharacterPosition()));
                if (rows.size() >= maxRows) {
                    return new Result(List.of(), List.of(new RowError(recordLine, null,
                            "the file has more than " + maxRows + " devices; split it into smaller files")));
                }
                if (record.size() > parser.getHeaderNames().size()) {
                    errors.add(new RowError(recordLine, null, "has " + record.size() + " cells but the header names "
                            + parser.getHeaderNames().size() + " columns (a stray '" + delimiter + "'?)"));
                    continue;
                }
                Map<String, String> cells = new HashMap<>();
                columns.forEach((key, header) -> cells.put(key, record.isMapped(header) && record.isSet(header) ? record.get(header) : null));
                // PostgreSQL refuses a NUL in text: a row error naming the column, not a failed import.
                int before = errors.size();
                columns.forEach((key, header) -> {
                    if (cells.get(key) != null && cells.get(key).indexOf('\0') >= 0) {
                        errors.add(new RowError(recordLine, header, "contains a NUL character"));
                    }
                });
                if (errors.size() > before) {
                    continue;
                }
                rows.add(new CsvRow(recordLine, cells));
            }
        } catch (UncheckedIOException | IllegalStateException e) {
            errors.add(new RowError(lineOf(e), null, "the file is not valid CSV: " + Failures.rootMessage(e)));
        } catch (IOException e) {
            errors.add(new RowError(1, null, "the file could not be read: " + e.getMessage()));
        }
        return new Result(errors.isEmpty() ? rows : List.of(), errors);
    }

    private static String decode(byte[] file) throws CharacterCodingException {
        try (BOMInputStream in = BOMInputStream.builder().setInputStream(new ByteArrayInputStream(file)).get()) {
            byte[] body = in.readAllBytes();
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (n == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return java.util.Arrays.copyOf(starts, n);
    }

    /** The parser's position may stand before skipped empty lines; step over them. */
    private static long firstNonBreak(String text, long position) {
        int p = (int) position;
        while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
            p++;
        }
        return p;
    }

    /** The 1-based line of a character position. */
    private static long lineAt(int[] lineStarts, long position) {
        int i = java.util.Arrays.binarySearch(lineStarts, (int) position);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    private static char delimiterOf(String text) {
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        return header.indexOf(';') >= 0 && header.indexOf(',') < 0 ? ';' : ',';
    }

    private static long lineOf(Exception e) {
        // commons-csv says "(line N)" in its messages about broken quoting.
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(String.valueOf(Failures.rootMessage(e)));
        return m.find() ? Long.parseLong(m.group(1)) : 1;
    }


}
