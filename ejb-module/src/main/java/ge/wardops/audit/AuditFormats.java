package ge.wardops.audit;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The one way an audit row is written out: as a JSON object (the API, JSON lines exports, archives
 * and syslog messages) or as a CSV line. Field names are the table's, times are UTC ISO-8601 with
 * microseconds (what the chain hashes), before/after stay JSON.
 */
public final class AuditFormats {

    /** The export formats: CSV for people with a spreadsheet, JSON lines for a SIEM. */
    public enum Format {
        CSV("text/csv", "csv"), JSONL("application/x-ndjson", "jsonl");

        public final String mediaType;
        public final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        /** The format named by {@code name} (csv, jsonl), case-insensitive; null if there is none. */
        public static Format named(String name) {
            for (Format f : values()) {
                if (f.extension.equalsIgnoreCase(String.valueOf(name).strip())) {
                    return f;
                }
            }
            return null;
        }
    }

    public static final List<String> COLUMNS = List.of("id", "occurred_at", "actor", "client_address", "action",
            "object_type", "object_id", "region_id", "details", "before", "after", "prev_hash", "hash");

    /** Same text as the chain's hash function: to_char(... 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'). */
    private static final DateTimeFormatter UTC_MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    private AuditFormats() {
    }

    public static String time(java.time.Instant t) {
        return t == null ? null : UTC_MICROS.format(t);
    }

    public static JsonObject json(AuditRecord r) {
        JsonObjectBuilder o = Json.createObjectBuilder()
                .add("id", r.id())
                .add("occurred_at", time(r.occurredAt()))
                .add("actor", r.actor());
        addText(o, "client_address", r.clientAddress());
        o.add("action", r.action()).add("object_type", r.objectType());
        addText(o, "object_id", r.objectId());
        if (r.regionId() == null) {
            o.addNull("region_id");
        } else {
            o.add("region_id", r.regionId());
        }
        addText(o, "details", r.details());
        o.add("before", parse(r.before())).add("after", parse(r.after()));
        addText(o, "prev_hash", r.prevHash());
        addText(o, "hash", r.hash());
        addText(o, "key_id", r.keyId());
        return o.build();
    }

    /** One line of JSON lines: the object with no line break inside (JSON escapes those in strings). */
    public static String jsonLine(AuditRecord r) {
        return json(r).toString();
    }

    public static String csvHeader() {
        return String.join(",", COLUMNS);
    }

    /** One CSV record (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled. */
    public static String csvLine(AuditRecord r) {
        return String.join(",",
                String.valueOf(r.id()), time(r.occurredAt()), text(r.actor()), text(r.clientAddress()), text(r.action()),
                text(r.objectType()), text(r.objectId()), r.regionId() == null ? "" : r.regionId().toString(),
                text(r.details()), quoted(r.before()), quoted(r.after()), quoted(r.prevHash()), quoted(r.hash()));
    }

    /**
     * A text cell, quoted as CSV needs, and defused against spreadsheet formulas: a cell an
     * attacker could fill (a user name typed at the login form, say) that starts with = + - @ or a
     * control character gets a leading apostrophe (OWASP "CSV injection"). The JSON lines export
     * keeps every value exactly as stored.
     */
    static String text(String s) {
        return ge.wardops.shared.CsvCells.safe(s);
    }

    static String quoted(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    private static void addText(JsonObjectBuilder o, String name, String value) {
        if (value == null) {
            o.addNull(name);
        } else {
            o.add(name, value);
        }
    }

    static JsonValue parse(String json) {
        if (json == null || json.isBlank()) {
            return JsonValue.NULL;
        }
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        } catch (JsonParsingException e) {
            // Never expected (the column is jsonb), but a reader must not lose the row over it.
            return Json.createValue(json);
        }
    }
}
