package ge.wardops.audit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The export formats as a SIEM and a spreadsheet read them. */
class AuditFormatsTest {

    private static AuditRecord row(String actor, String details, String before) {
        return new AuditRecord(42L, Instant.parse("2026-11-28T10:15:30.123456Z"), actor, "127.0.0.1", "UPDATE", "device",
                "7", 3L, before, "{\"name\": \"b\"}", details, "0".repeat(64), "f".repeat(64), "k1");
    }

    @Test
    void csvQuotesCommasQuotesAndLineBreaksSoEveryRowStaysOneRecord() {
        String line = AuditFormats.csvLine(row("alice", "moved, then \"renamed\"\nsecond line", "{\"name\": \"a,\\\"x\\\"\"}"));
        List<String> fields = parseCsv(line);
        assertEquals(AuditFormats.COLUMNS.size(), fields.size(), line);
        assertEquals("moved, then \"renamed\"\nsecond line", fields.get(AuditFormats.COLUMNS.indexOf("details")));
        assertEquals("{\"name\": \"a,\\\"x\\\"\"}", fields.get(AuditFormats.COLUMNS.indexOf("before")));
        assertEquals("2026-11-28T10:15:30.123456Z", fields.get(1));
        assertEquals("3", fields.get(AuditFormats.COLUMNS.indexOf("region_id")));
        assertEquals("f".repeat(64), fields.get(AuditFormats.COLUMNS.indexOf("hash")));
    }

    @Test
    void csvDefusesCellsASpreadsheetWouldRunAsFormulas() {
        String line = AuditFormats.csvLine(row("=HYPERLINK(\"http://evil\")", "@SUM(1)", null));
        List<String> fields = parseCsv(line);
        assertEquals("'=HYPERLINK(\"http://evil\")", fields.get(2));
        assertEquals("'@SUM(1)", fields.get(AuditFormats.COLUMNS.indexOf("details")));
        assertEquals("", fields.get(AuditFormats.COLUMNS.indexOf("before")), "no state before: empty cell");
    }

    @Test
    void aJsonLineIsOneObjectWithTheExactValuesAndStateAsJson() {
        String line = AuditFormats.jsonLine(row("<script>alert(1)</script>", "two\nlines", "{\"name\": \"a\"}"));
        assertFalse(line.contains("\n"), line);
        JsonObject o = Json.createReader(new StringReader(line)).readObject();
        assertEquals("<script>alert(1)</script>", o.getString("actor"));
        assertEquals("two\nlines", o.getString("details"));
        assertEquals("a", o.getJsonObject("before").getString("name"));
        assertEquals(42, o.getJsonNumber("id").longValue());
        assertEquals("2026-11-28T10:15:30.123456Z", o.getString("occurred_at"));
        assertEquals("7", o.getString("object_id"));
        assertEquals(3, o.getInt("region_id"));
    }

    @Test
    void formatsAreNamedAsInTheUrl() {
        assertEquals(AuditFormats.Format.CSV, AuditFormats.Format.named("CSV"));
        assertEquals(AuditFormats.Format.JSONL, AuditFormats.Format.named("jsonl"));
        assertEquals(null, AuditFormats.Format.named("xml"));
    }

    /** A strict RFC 4180 reader for one record: what a spreadsheet or SIEM does with the line. */
    static List<String> parseCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\n' || c == '\r') {
                throw new AssertionError("a line break outside quotes splits the record: " + line);
            } else {
                cell.append(c);
            }
        }
        out.add(cell.toString());
        return out;
    }
}
