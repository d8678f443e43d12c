package ge.wardops.console;

import ge.wardops.alerting.Severity;
import ge.wardops.events.EventFilter;
import ge.wardops.events.EventKind;
import ge.wardops.events.EventQueries;
import ge.wardops.events.StoredEvent;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;

/**
 * The events page: the newest traps and syslog messages of the caller's regions (live: the page
 * listens on /api/v1/ws/events and reads again on every delta), filtered by kind, severity, text
 * and unknown sources; the same service as {@code GET /api/v1/events}.
 */
@Named
@ViewScoped
public class EventsPage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 200;

    @EJB
    EventQueries events;

    private String kind;
    private String severity;
    private String text;
    private boolean unknownOnly;
    private transient List<StoredEvent> rows;

    public List<StoredEvent> getEvents() {
        if (rows == null) {
            String t = text == null || text.isBlank() ? null : text.strip();
            rows = events.list(new EventFilter(kind == null || kind.isBlank() ? null : EventKind.valueOf(kind),
                    severity == null || severity.isBlank() ? null : Severity.valueOf(severity), null, null, null,
                    t == null ? null : t.substring(0, Math.min(200, t.length())), null, null, unknownOnly, null, SHOWN));
        }
        return rows;
    }

    /** Called by the live feed's listener and by the filters: read again. */
    public void refresh() {
        rows = null;
    }

    public String severityClass(Severity s) {
        return "severity severity-" + (s == null ? "none" : s.name().toLowerCase(java.util.Locale.ROOT));
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = severity;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }

    public boolean isUnknownOnly() {
        return unknownOnly;
    }

    public void setUnknownOnly(boolean unknownOnly) {
        this.unknownOnly = unknownOnly;
    }
}
