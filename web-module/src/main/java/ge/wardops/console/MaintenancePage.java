package ge.wardops.console;

import ge.wardops.alerting.MaintenanceService;
import ge.wardops.alerting.MaintenanceWindowDraft;
import ge.wardops.alerting.MaintenanceWindowView;
import ge.wardops.alerting.ScopeType;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Maintenance windows: the list and the editor; times are entered in the bank's zone. */
@Named
@ViewScoped
public class MaintenancePage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> INPUTS = Map.of("name", "windowForm:name", "scopeType", "windowForm:scopeType",
            "scopeValue", "windowForm:scopeValue", "startsAt", "windowForm:startsAt", "endsAt", "windowForm:endsAt",
            "recurrence", "windowForm:recurrence", "repeatUntil", "windowForm:repeatUntil", "description", "windowForm:description");

    @EJB
    MaintenanceService windows;

    @Inject
    ServiceErrors errors;

    @Inject
    ConsoleTime time;

    private transient List<MaintenanceWindowView> list;

    private Long editedId;
    private Long version;
    private String name;
    private ScopeType scopeType = ScopeType.BRANCH;
    private String scopeValue;
    private LocalDateTime startsAt;
    private LocalDateTime endsAt;
    private String recurrence;
    private LocalDateTime repeatUntil;
    private String description;

    public List<MaintenanceWindowView> getWindows() {
        if (list == null) {
            list = windows.list();
        }
        return list;
    }

    public void startCreate() {
        editedId = null;
        version = null;
        name = scopeValue = recurrence = description = null;
        scopeType = ScopeType.BRANCH;
        startsAt = endsAt = repeatUntil = null;
    }

    public void startEdit(MaintenanceWindowView w) {
        ZoneId zone = ZoneId.of(time.getZone());
        editedId = w.id();
        version = w.version();
        name = w.name();
        scopeType = w.scopeType();
        scopeValue = w.scopeValue();
        startsAt = LocalDateTime.ofInstant(w.startsAt(), zone);
        endsAt = LocalDateTime.ofInstant(w.endsAt(), zone);
        recurrence = w.recurrence();
        repeatUntil = w.repeatUntil() == null ? null : LocalDateTime.ofInstant(w.repeatUntil(), zone);
        description = w.description();
    }

    private Instant instant(LocalDateTime local) {
        return local == null ? null : local.atZone(ZoneId.of(time.getZone())).toInstant();
    }

    public void save() {
        MaintenanceWindowDraft draft = new MaintenanceWindowDraft(name, scopeType, scopeValue, instant(startsAt), instant(endsAt),
                recurrence, instant(repeatUntil), description, version);
        try {
            MaintenanceWindowView saved = editedId == null ? windows.create(draft) : windows.update(editedId, draft);
            errors.info("Maintenance window '" + saved.name() + "' " + (editedId == null ? "created." : "saved."));
            list = null;
        } catch (RuntimeException e) {
            errors.show(e, INPUTS);
        }
    }

    public void delete(MaintenanceWindowView w) {
        try {
            windows.delete(w.id());
            errors.info("Maintenance window '" + w.name() + "' deleted.");
            list = null;
        } catch (RuntimeException e) {
            errors.show(e, Map.of());
        }
    }

    public ScopeType[] getScopeTypes() { return ScopeType.values(); }
    public boolean isCreating() { return editedId == null; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public ScopeType getScopeType() { return scopeType; }
    public void setScopeType(ScopeType scopeType) { this.scopeType = scopeType; }
    public String getScopeValue() { return scopeValue; }
    public void setScopeValue(String scopeValue) { this.scopeValue = scopeValue; }
    public LocalDateTime getStartsAt() { return startsAt; }
    public void setStartsAt(LocalDateTime startsAt) { this.startsAt = startsAt; }
    public LocalDateTime getEndsAt() { return endsAt; }
    public void setEndsAt(LocalDateTime endsAt) { this.endsAt = endsAt; }
    public String getRecurrence() { return recurrence; }
    public void setRecurrence(String recurrence) { this.recurrence = recurrence; }
    public LocalDateTime getRepeatUntil() { return repeatUntil; }
    public void setRepeatUntil(LocalDateTime repeatUntil) { this.repeatUntil = repeatUntil; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
}
