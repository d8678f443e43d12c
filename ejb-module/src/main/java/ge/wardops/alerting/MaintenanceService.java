package ge.wardops.alerting;

import ge.wardops.audit.AuditLog;
import ge.wardops.security.CallerScope;
import ge.wardops.security.Permissions;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException.FieldError;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.TrackedEntity;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maintenance windows: CRUD for admins and operators (validated, audited), and which devices are
 * in maintenance now for everyone who may see them. The engine reloads its calendar after a change.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class MaintenanceService {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    Permissions permissions;

    @Inject
    AuditLog audit;

    @Inject
    AlertEngine engine;

    @Inject
    CallerScope caller;

    @Inject
    Event<AlertConfigChanged> changed;

    @Resource
    SessionContext session;

    public List<MaintenanceWindowView> list() {
        return Jdbc.list(em, AlertRows.WINDOW_SELECT + "ORDER BY starts_at DESC, id", AlertRows::window);
    }

    public MaintenanceWindowView get(long id) {
        List<MaintenanceWindowView> found = Jdbc.list(em, AlertRows.WINDOW_SELECT + "WHERE id = ?", AlertRows::window, id);
        if (found.isEmpty()) {
            throw new UnknownEntityException("maintenance window", id);
        }
        return found.get(0);
    }

    public MaintenanceWindowView create(MaintenanceWindowDraft d) {
        permissions.require(session, Permissions.RULES_EDIT);
        validate(d);
        long id = Jdbc.list(em, "INSERT INTO maintenance_windows (name, scope_type, scope_value, starts_at, ends_at, recurrence, "
                + "repeat_until, description, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", rs -> rs.getLong(1),
                values(d, session.getCallerPrincipal().getName())).get(0);
        MaintenanceWindowView created = get(id);
        audit.record("CREATE", "maintenance_window", id, null, null, created, null);
        changed.fire(new AlertConfigChanged(AlertConfigChanged.What.WINDOWS));
        return created;
    }

    public MaintenanceWindowView update(long id, MaintenanceWindowDraft d) {
        permissions.require(session, Permissions.RULES_EDIT);
        MaintenanceWindowView before = get(id);
        validate(d);
        TrackedEntity.requireVersionSent(d.version());
        if (d.version() != before.version()) {
            throw new ConflictException("version", "the window was changed by someone else since you read it; reload and try again");
        }
        List<Object> params = new ArrayList<>(java.util.Arrays.asList(values(d, null)).subList(0, 8));
        params.add(id);
        params.add(before.version());
        // The version read above must still be the row's: a write between that read and this one is refused, not lost.
        int n = Jdbc.update(em, "UPDATE maintenance_windows SET name = ?, scope_type = ?, scope_value = ?, starts_at = ?, ends_at = ?, "
                + "recurrence = ?, repeat_until = ?, description = ?, updated_at = now(), version = version + 1 WHERE id = ? AND version = ?",
                params.toArray());
        if (n == 0) {
            throw new ConflictException("version", "the window was changed by someone else meanwhile; reload and try again");
        }
        MaintenanceWindowView after = get(id);
        audit.record("UPDATE", "maintenance_window", id, null, before, after, null);
        changed.fire(new AlertConfigChanged(AlertConfigChanged.What.WINDOWS));
        return after;
    }

    public void delete(long id) {
        permissions.require(session, Permissions.RULES_EDIT);
        MaintenanceWindowView before = get(id);
        Jdbc.update(em, "DELETE FROM maintenance_windows WHERE id = ?", id);
        audit.record("DELETE", "maintenance_window", id, null, before, null, null);
        changed.fire(new AlertConfigChanged(AlertConfigChanged.What.WINDOWS));
    }

    /** The devices in a maintenance window right now, within the caller's regions. */
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
    public List<Long> devicesInMaintenance() {
        RegionScope scope = caller.regions();
        Set<Long> ids = engine.devicesInMaintenance(Instant.now());
        AlertFleet fleet = engine.fleet();
        return ids.stream().filter(id -> {
            AlertDevice d = fleet.byId().get(id);
            return d != null && scope.allows(d.regionId());
        }).sorted().toList();
    }

    private static Object[] values(MaintenanceWindowDraft d, String createdBy) {
        String recurrence = d.recurrence() == null || d.recurrence().isBlank() ? null : d.recurrence().trim().toUpperCase(Locale.ROOT);
        String scopeValue = d.scopeType() == ScopeType.ALL || d.scopeValue() == null ? null : d.scopeValue().trim();
        return new Object[] {d.name().strip(), d.scopeType().name(), scopeValue, d.startsAt(), d.endsAt(), recurrence,
                d.repeatUntil(), d.description(), createdBy};
    }

    private void validate(MaintenanceWindowDraft d) {
        if (d == null) {
            throw new InvalidInputException("body", "a maintenance window as JSON");
        }
        List<FieldError> errors = new ArrayList<>(MaintenanceCalendar.check(d));
        if (errors.isEmpty()) {
            errors.addAll(ScopeTargets.check(em, d.scopeType(), d.scopeValue(), "scope"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
