package ge.wardops.alerting;

import ge.wardops.audit.AuditedChanges;
import ge.wardops.security.CallerScope;
import ge.wardops.security.Permissions;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.InvalidInputException.FieldError;
import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Maintenance windows: CRUD for admins and operators (validated, audited), and which devices are
 * in maintenance now for everyone who may see them. The engine reloads its calendar after a change.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class MaintenanceService {

    static final AuditedChanges.Kind<MaintenanceWindow, MaintenanceWindowView> WINDOWS = AuditedChanges.Kind
            .of(MaintenanceWindow.class, "maintenance window", "maintenance_window", MaintenanceWindow::getId, MaintenanceWindow::view)
            .announcing(new AlertConfigChanged(AlertConfigChanged.What.WINDOWS));

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    Permissions permissions;

    @Inject
    AuditedChanges changes;

    @Inject
    AlertEngine engine;

    @EJB
    CallerScope caller;

    @Resource
    SessionContext session;

    public List<MaintenanceWindowView> list() {
        return em.createQuery("select w from MaintenanceWindow w order by w.startsAt desc, w.id", MaintenanceWindow.class)
                .getResultList().stream().map(MaintenanceWindow::view).toList();
    }

    public MaintenanceWindowView get(long id) {
        return changes.find(WINDOWS, id).view();
    }

    public MaintenanceWindowView create(MaintenanceWindowDraft d) {
        permissions.require(session, Permissions.RULES_EDIT);
        validate(d);
        return changes.create(WINDOWS, new MaintenanceWindow(d, session.getCallerPrincipal().getName()));
    }

    public MaintenanceWindowView update(long id, MaintenanceWindowDraft d) {
        permissions.require(session, Permissions.RULES_EDIT);
        MaintenanceWindow window = changes.find(WINDOWS, id);
        validate(d);
        return changes.update(WINDOWS, window, d.version(), w -> w.change(d));
    }

    public void delete(long id) {
        permissions.require(session, Permissions.RULES_EDIT);
        changes.delete(WINDOWS, changes.find(WINDOWS, id));
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
