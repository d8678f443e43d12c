package ge.wardops.events;

import ge.wardops.audit.AuditAction;
import ge.wardops.security.CallerScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.CsvCells;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Events as the caller may see them (API and console call this, so they agree): a regional manager
 * sees the events of known devices in their regions; unknown sources are shown to the roles that see
 * every region. Exports are audited.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class EventQueries {

    /** Most rows one export holds; narrow the filter (from/to) for more. */
    public static final int EXPORT_MAX = 100_000;
    private static final jakarta.json.bind.Jsonb JSON = jakarta.json.bind.JsonbBuilder.create();

    @EJB
    CallerScope caller;

    @Inject
    ge.wardops.audit.AuditLog audit;

    @EJB
    EventWriter store;

    @jakarta.annotation.Resource
    jakarta.ejb.SessionContext session;

    @EJB
    EventPipeline pipeline;

    public List<StoredEvent> list(EventFilter filter) {
        return store.list(filter, caller.regions());
    }

    /** How an export is written: JSON lines for a SIEM, CSV for a spreadsheet. */
    public enum ExportFormat {
        JSONL("application/x-ndjson", "jsonl"), CSV("text/csv; charset=UTF-8", "csv");

        private final String mediaType;
        private final String extension;

        ExportFormat(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }
    }

    /** The CSV export's columns, in order; {@code fields} is the decoded fields as one JSON object. */
    public static final List<String> CSV_COLUMNS = List.of("id", "received_at", "source", "device_id", "device_name", "region_id", "kind",
            "severity", "name", "message", "fields", "raw");

    /**
     * Writes the events {@code filter} selects (its limit and paging ignored), newest first, to
     * {@code out} as JSON lines (for a SIEM) or CSV (for a spreadsheet: a header line, then one row
     * per event, every text cell defused against formulas by {@link CsvCells}), page by page as they
     * are read ({@link EventFilter#MAX_LIMIT} rows at a time, keyset-paged on (receivedAt, id)), so
     * memory per export is one page however many rows it holds; at most {@link #EXPORT_MAX} rows.
     * Scoped like the list. Answers how many rows were written.
     *
     * <p>Audited at the start, in a transaction of its own, before the first row is read: a download
     * that fails or is cut off half-way (the client gone) has still shown data, and its trace must not
     * depend on the stream finishing. The row count is not known then; the entry names the format and filter.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long export(EventFilter filter, ExportFormat format, String clientAddress, OutputStream out) {
        ge.wardops.security.RegionScope scope = caller.regions();
        audit.recordApart(session.getCallerPrincipal().getName(), clientAddress, AuditAction.EXPORT, "event", null,
                "events as " + (format == ExportFormat.CSV ? "CSV" : "JSON lines") + " (at most " + EXPORT_MAX + " rows), filter " + filter);
        BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        EventFilter page = new EventFilter(filter.kind(), filter.minSeverity(), filter.deviceId(), filter.source(), filter.name(),
                filter.text(), filter.from(), filter.to(), filter.unknownOnly(), null, null, EventFilter.MAX_LIMIT);
        long rows = 0;
        try {
            if (format == ExportFormat.CSV) {
                writer.write(String.join(",", CSV_COLUMNS));
                writer.write("\r\n");
            }
            while (true) {
                List<StoredEvent> found = store.list(page, scope);
                for (StoredEvent e : found) {
                    if (format == ExportFormat.CSV) {
                        writer.write(csvLine(e));
                        writer.write("\r\n");
                    } else {
                        writer.write(JSON.toJson(e));
                        writer.write('\n');
                    }
                }
                writer.flush(); // this page leaves before the next one is read
                rows += found.size();
                if (found.size() < page.limit() || rows >= EXPORT_MAX) {
                    break;
                }
                page = page.after(found.get(found.size() - 1), (int) Math.min(EventFilter.MAX_LIMIT, EXPORT_MAX - rows));
            }
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the export could not be written (client gone?)", e);
        }
        return rows;
    }

    static String csvLine(StoredEvent e) {
        return String.join(",", String.valueOf(e.id()), e.receivedAt().toString(), CsvCells.safe(e.source()),
                e.deviceId() == null ? "" : e.deviceId().toString(), CsvCells.safe(e.deviceName()),
                e.regionId() == null ? "" : e.regionId().toString(), e.kind().name(), e.severity().name(), CsvCells.safe(e.name()),
                CsvCells.safe(e.message()), CsvCells.safe(JSON.toJson(e.fields())), CsvCells.safe(e.raw()));
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.VIEWER})
    public EventReceiverStatus receivers() {
        return pipeline.status();
    }
}
