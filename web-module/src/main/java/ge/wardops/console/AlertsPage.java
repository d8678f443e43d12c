package ge.wardops.console;

import ge.wardops.alerting.AlertDetail;
import ge.wardops.alerting.AlertFilter;
import ge.wardops.alerting.AlertService;
import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.AlertState;
import ge.wardops.security.Roles;
import ge.wardops.shared.UnknownEntityException;
import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The alerts page: open alerts (live: the page listens on /api/v1/ws/alerts and refreshes the
 * table on every change) or the history by state, and the acknowledge / comment / resolve dialog.
 */
@Named
@ViewScoped
public class AlertsPage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 200;
    private static final Map<String, String> INPUTS = Map.of("comment", "actionForm:comment");

    @EJB
    AlertService alerts;

    @Inject
    ServiceErrors errors;

    private String state = "OPEN";
    private String severity;
    private transient List<AlertSnapshot> rows;
    private transient Long total;

    private Long selectedId;
    private String action;
    private String comment;
    private transient AlertDetail detail;

    /** The {@code alert} view parameter: the alert a notification links to. */
    private Long linked;
    private transient AlertDetail linkedDetail;
    private boolean linkedVisible;

    public List<AlertSnapshot> getAlerts() {
        if (rows == null) {
            var page = alerts.list(new AlertFilter(state, severity == null || severity.isBlank() ? null : severity, null, null, null,
                    null, null, 0, SHOWN));
            rows = page.items();
            total = page.total();
        }
        return rows;
    }

    public long getTotal() {
        getAlerts();
        return total;
    }

    /** Called by the live feed's listener and by the filters: read again. */
    public void refresh() {
        rows = null;
        if (selectedId != null) {
            detail = null;
        }
    }

    /**
     * The page's load action for {@code alerts.xhtml?alert=<id>} (the link in every notification):
     * shows that alert, open or resolved, when the caller's regions include it; "not found" otherwise
     * (the service checks the region, so another region's alert and an unknown id read the same).
     */
    public void openLinked() {
        if (linked == null || FacesContext.getCurrentInstance().isPostback()) {
            return;
        }
        try {
            linkedDetail = alerts.get(linked);
            linkedVisible = true;
            selectedId = linked;
            action = "view";
            detail = linkedDetail;
            if (linkedDetail.alert().state() == AlertState.RESOLVED) {
                state = "RESOLVED";
                rows = null;
            }
        } catch (RuntimeException e) {
            linkedDetail = null;
            Throwable cause = e instanceof EJBException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof UnknownEntityException) {
                FacesContext.getCurrentInstance().addMessage(null, new FacesMessage(FacesMessage.SEVERITY_WARN,
                        "Alert " + linked + " not found.", null));
            } else {
                errors.show(e, Map.of());
            }
        }
    }

    /** The linked alert's detail, shown above the table; null without a (visible) link. */
    public AlertDetail getLinkedDetail() {
        if (linkedDetail == null && linkedVisible) {
            try {
                linkedDetail = alerts.get(linked);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return linkedDetail;
    }

    public AlertSnapshot getLinkedAlert() {
        AlertDetail d = getLinkedDetail();
        return d == null ? null : d.alert();
    }

    /** Opens the dialog for {@code what} on the linked alert. */
    public void startLinked(String what) {
        selectedId = linked;
        action = what;
        comment = null;
        detail = null;
    }

    public Long getLinked() { return linked; }
    public void setLinked(Long linked) { this.linked = linked; }

    public boolean isCanRespond() {
        var ext = FacesContext.getCurrentInstance().getExternalContext();
        return ext.isUserInRole(Roles.ADMIN) || ext.isUserInRole(Roles.OPERATOR) || ext.isUserInRole(Roles.REGIONAL_MANAGER);
    }

    /** Opens the dialog for {@code what} (acknowledge, comment, resolve, view) on an alert. */
    public void start(AlertSnapshot a, String what) {
        selectedId = a.id();
        action = what;
        comment = null;
        detail = null;
    }

    public AlertDetail getDetail() {
        if (detail == null && selectedId != null) {
            detail = errors.read(Map.of(), () -> alerts.get(selectedId), null);
        }
        return detail;
    }

    public void submit() {
        errors.attempt(INPUTS, () -> {
            switch (action) {
                case "acknowledge" -> alerts.acknowledge(selectedId, comment);
                case "comment" -> alerts.comment(selectedId, comment);
                case "resolve" -> alerts.resolve(selectedId, comment);
                default -> {
                    return null;
                }
            }
            refresh();
            detail = null;
            linkedDetail = null;
            return "Alert " + selectedId + ": " + action + " done.";
        });
    }

    public String severityClass(String s) {
        return "severity severity-" + (s == null ? "none" : s.toLowerCase());
    }

    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public String getSeverity() { return severity; }
    public void setSeverity(String severity) { this.severity = severity; }
    public String getAction() { return action; }
    public String getComment() { return comment; }
    public void setComment(String comment) { this.comment = comment; }
}
