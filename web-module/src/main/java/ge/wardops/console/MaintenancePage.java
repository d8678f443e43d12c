package ge.wardops.console;

import ge.wardops.alerting.MaintenanceCalendar;
import ge.wardops.alerting.MaintenanceService;
import ge.wardops.alerting.MaintenanceWindowDraft;
import ge.wardops.alerting.MaintenanceWindowView;
import ge.wardops.alerting.ScopeType;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.event.SelectEvent;
import org.primefaces.model.DefaultScheduleEvent;
import org.primefaces.model.LazyScheduleModel;
import org.primefaces.model.ScheduleEvent;
import org.primefaces.model.ScheduleModel;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Maintenance windows: the list, a calendar of their runs (repeats expanded by
 * {@link MaintenanceCalendar}, the engine's own rules) and the editor; times are in the bank's zone.
 */
@Named
@ViewScoped
public class MaintenancePage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int UPCOMING_DAYS = 14;
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
    private transient List<MaintenanceCalendar.Occurrence> upcoming;
    private ScheduleModel schedule;

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

    /** The runs of every window within {@code [from, to)}, in the bank's zone. */
    private List<MaintenanceCalendar.Occurrence> occurrences(Instant from, Instant to) {
        return new MaintenanceCalendar(getWindows(), time.zoneId()).occurrences(from, to);
    }

    /** The calendar: PrimeFaces asks for the visible range; an event's data is its window's id. */
    public ScheduleModel getSchedule() {
        if (schedule == null) {
            schedule = new LazyScheduleModel() {
                private static final long serialVersionUID = 1L;

                @Override
                public void loadEvents(LocalDateTime start, LocalDateTime end) {
                    ZoneId zone = time.zoneId();
                    for (MaintenanceCalendar.Occurrence o : occurrences(start.atZone(zone).toInstant(), end.atZone(zone).toInstant())) {
                        MaintenanceWindowView w = o.window();
                        addEvent(DefaultScheduleEvent.builder().title(w.name()).startDate(LocalDateTime.ofInstant(o.start(), zone))
                                .endDate(LocalDateTime.ofInstant(o.end(), zone)).data(w.id())
                                .description(w.scopeType() + (w.scopeValue() == null ? "" : " " + w.scopeValue()))
                                .styleClass(w.recurrence() == null ? "maintenance-once" : "maintenance-repeat")
                                .draggable(false).resizable(false).build());
                    }
                }
            };
        }
        return schedule;
    }

    /** A click on a run in the calendar opens its window in the editor. */
    public void onEventSelect(SelectEvent<ScheduleEvent<?>> event) {
        Object id = event.getObject().getData();
        list = null;
        getWindows().stream().filter(w -> id != null && w.id() == ((Number) id).longValue()).findFirst()
                .ifPresentOrElse(this::startEdit, () -> errors.info("That maintenance window no longer exists."));
    }

    /** The runs of the next {@code UPCOMING_DAYS} days, for the list under the calendar (and for readers without scripts). */
    public List<MaintenanceCalendar.Occurrence> getUpcoming() {
        if (upcoming == null) {
            Instant now = Instant.now();
            upcoming = occurrences(now, now.plus(Duration.ofDays(UPCOMING_DAYS)));
        }
        return upcoming;
    }

    public int getUpcomingDays() {
        return UPCOMING_DAYS;
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
        errors.attempt(INPUTS, () -> {
            MaintenanceWindowView saved = editedId == null ? windows.create(draft) : windows.update(editedId, draft);
            list = null;
            upcoming = null;
            return "Maintenance window '" + saved.name() + "' " + (editedId == null ? "created." : "saved.");
        });
    }

    public void delete(MaintenanceWindowView w) {
        errors.attempt(Map.of(), () -> {
            windows.delete(w.id());
            list = null;
            upcoming = null;
            return "Maintenance window '" + w.name() + "' deleted.";
        });
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
