package ge.wardops.events;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.security.CallerScope;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

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

    @Inject
    CallerScope caller;

    @Inject
    ge.wardops.audit.AuditLog audit;

    @EJB
    EventWriter store;

    @EJB
    EventPipeline pipeline;

    public List<StoredEvent> list(EventFilter filter) {
        return store.list(filter, caller.regions());
    }

    /**
     * The events {@code filter} selects (its limit ignored), newest first, as JSON lines for a SIEM or
     * a spreadsheet import: at most {@link #EXPORT_MAX} rows, paged by id. Scoped like the list; the
     * export itself is audited (EXPORT event, with the filter and the row count).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public byte[] exportJsonLines(EventFilter filter) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ge.wardops.security.RegionScope scope = caller.regions();
        Long before = filter.beforeId();
        int rows = 0;
        while (rows < EXPORT_MAX) {
            List<StoredEvent> page = store.list(new EventFilter(filter.kind(), filter.minSeverity(), filter.deviceId(), filter.source(),
                    filter.name(), filter.text(), filter.from(), filter.to(), filter.unknownOnly(), before,
                    Math.min(EventFilter.MAX_LIMIT, EXPORT_MAX - rows)), scope);
            for (StoredEvent e : page) {
                out.writeBytes(JSON.toJson(e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                out.write('\n');
                before = e.id();
            }
            rows += page.size();
            if (page.size() < EventFilter.MAX_LIMIT) {
                break;
            }
        }
        audit.record(AuditEntry.of(AuditAction.EXPORT, "event", null)
                .withDetails("events as JSON lines, " + rows + " rows, filter " + filter));
        return out.toByteArray();
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.VIEWER})
    public EventReceiverStatus receivers() {
        return pipeline.status();
    }
}
