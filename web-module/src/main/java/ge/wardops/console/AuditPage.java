package ge.wardops.console;

import ge.wardops.audit.AuditFilter;
import ge.wardops.audit.review.AuditQuery;
import ge.wardops.audit.AuditRecord;
import ge.wardops.audit.ChainReport;
import ge.wardops.inventory.RegionView;
import ge.wardops.shared.Page;
import jakarta.ejb.EJB;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

import java.io.Serializable;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The auditor's page: the audit log one page at a time, newest first, filtered by time, user,
 * action, object and region; one event's before/after side by side; the chain's state; and links
 * to the API's exports with the same filters (one export code path, audited there). Read-only.
 */
@Named
@ViewScoped
public class AuditPage implements Serializable {

    private static final long serialVersionUID = 1L;

    /** One field of an event's state, before and after; {@code changed} when they differ. */
    public record DiffLine(String field, String before, String after, boolean changed) implements Serializable {
    }

    @EJB
    AuditQuery query;

    @Inject
    ServiceErrors errors;

    @Inject
    InventoryChoices choices;

    private final LazyDataModel<AuditRecord> rows = new Rows();

    private Date from;
    private Date to;
    private String user;
    private String action;
    private String objectType;
    private String objectId;
    private Long regionId;
    private Long eventId;

    private AuditRecord event;
    private ChainReport chainReport;

    public LazyDataModel<AuditRecord> getRows() {
        return rows;
    }

    public void filterChanged() {
        TablePaging.toFirstPage("audit:table");
    }

    public void clearFilters() {
        from = null;
        to = null;
        user = null;
        action = null;
        objectType = null;
        objectId = null;
        regionId = null;
        filterChanged();
    }

    /** The event whose detail is shown (view parameter {@code event}), null if none or unknown. */
    public AuditRecord getEvent() {
        if (event == null && eventId != null) {
            event = query.one(eventId);
        }
        return event;
    }

    /** The shown event's state, field by field, before and after. */
    public List<DiffLine> getDiff() {
        AuditRecord e = getEvent();
        if (e == null) {
            return List.of();
        }
        return diff(e.before(), e.after());
    }

    static List<DiffLine> diff(String beforeJson, String afterJson) {
        Map<String, String> before = fields(beforeJson);
        Map<String, String> after = fields(afterJson);
        Set<String> names = new LinkedHashSet<>(before.keySet());
        names.addAll(after.keySet());
        List<DiffLine> lines = new ArrayList<>();
        for (String name : names) {
            String b = before.get(name);
            String a = after.get(name);
            lines.add(new DiffLine(name, b, a, !java.util.Objects.equals(a, b)));
        }
        return lines;
    }

    private static Map<String, String> fields(String json) {
        Map<String, String> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            value = reader.readValue();
        } catch (JsonParsingException e) {
            out.put("(value)", json);
            return out;
        }
        if (value instanceof JsonObject o) {
            o.forEach((k, v) -> out.put(k, text(v)));
        } else {
            out.put("(value)", text(value));
        }
        return out;
    }

    private static String text(JsonValue v) {
        return v instanceof JsonString s ? s.getString() : v == JsonValue.NULL ? null : v.toString();
    }

    /** The chain, checked once per view of this page: "verified up to row N" or "broken at row N". */
    public ChainReport getChain() {
        if (chainReport == null) {
            chainReport = query.verifyChain(null, null);
        }
        return chainReport;
    }

    public void verifyChainAgain() {
        chainReport = query.verifyChain(null, null);
    }

    /** A region's name for the table, its id if it no longer exists. */
    public String regionName(Long id) {
        if (id == null) {
            return "";
        }
        return choices.getRegions().stream().filter(r -> r.id() == id).map(RegionView::name).findFirst().orElse("#" + id);
    }

    /** The API's export of what this page shows, in {@code format} (csv, jsonl). */
    public String exportUrl(String format) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("format", format);
        params.put("from", from == null ? null : from.toInstant());
        params.put("to", to == null ? null : to.toInstant());
        params.put("user", user);
        params.put("action", action);
        params.put("object_type", objectType);
        params.put("object_id", objectId);
        params.put("region", regionId);
        StringBuilder url = new StringBuilder(FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath())
                .append("/api/v1/audit/events/export");
        char sep = '?';
        for (Map.Entry<String, Object> p : params.entrySet()) {
            if (p.getValue() != null && !p.getValue().toString().isBlank()) {
                url.append(sep).append(p.getKey()).append('=').append(URLEncoder.encode(p.getValue().toString().strip(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return url.toString();
    }

    private AuditFilter filter() {
        return new AuditFilter(from == null ? null : from.toInstant(), to == null ? null : to.toInstant(),
                user, action, objectType, objectId, regionId);
    }

    private final class Rows extends LazyDataModel<AuditRecord> {

        private static final long serialVersionUID = 1L;

        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            return errors.read(Map.of("from", "audit:from"), () -> Math.toIntExact(query.find(filter(), 0, 1).total()), 0);
        }

        @Override
        public List<AuditRecord> load(int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            return errors.read(Map.of("from", "audit:from"), () -> {
                Page<AuditRecord> page = query.find(filter(), first, pageSize);
                setRowCount(Math.toIntExact(page.total()));
                return page.items();
            }, List.of());
        }

        @Override
        public String getRowKey(AuditRecord r) {
            return String.valueOf(r.id());
        }

        @Override
        public AuditRecord getRowData(String rowKey) {
            return getWrappedData().stream().filter(r -> String.valueOf(r.id()).equals(rowKey)).findFirst().orElse(null);
        }
    }

    public Date getFrom() { return from; }
    public void setFrom(Date from) { this.from = from; }
    public Date getTo() { return to; }
    public void setTo(Date to) { this.to = to; }
    public String getUser() { return user; }
    public void setUser(String user) { this.user = user; }
    public String getAction() { return action; }
    public void setAction(String action) { this.action = action; }
    public String getObjectType() { return objectType; }
    public void setObjectType(String objectType) { this.objectType = objectType; }
    public String getObjectId() { return objectId; }
    public void setObjectId(String objectId) { this.objectId = objectId; }
    public Long getRegionId() { return regionId; }
    public void setRegionId(Long regionId) { this.regionId = regionId; }
    public Long getEventId() { return eventId; }
    public void setEventId(Long eventId) {
        this.eventId = eventId;
        this.event = null;
    }
}
