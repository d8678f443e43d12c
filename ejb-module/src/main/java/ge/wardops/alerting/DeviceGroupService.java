package ge.wardops.alerting;

import ge.wardops.audit.AuditedChanges;
import ge.wardops.security.Permissions;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.InvalidInputException.FieldError;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Saved device groups (a scope of rules and windows): CRUD for admins and operators, validated and
 * audited; the engine's inventory copy is dropped after each committed change.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class DeviceGroupService {

    static final int MAX_MEMBERS = 20_000;

    static final AuditedChanges.Kind<DeviceGroup, DeviceGroupView> GROUPS = AuditedChanges.Kind
            .of(DeviceGroup.class, "device group", "device_group", DeviceGroup::getId, DeviceGroup::view)
            .announcing(new AlertConfigChanged(AlertConfigChanged.What.GROUPS));

    @Inject
    Permissions permissions;

    @Resource
    SessionContext session;

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    AuditedChanges changes;

    public List<DeviceGroupView> list() {
        return em.createQuery("select distinct g from DeviceGroup g left join fetch g.deviceIds order by g.name", DeviceGroup.class)
                .getResultList().stream().map(DeviceGroup::view).toList();
    }

    public DeviceGroupView get(long id) {
        return changes.find(GROUPS, id).view();
    }

    public DeviceGroupView create(DeviceGroupDraft d) {
        permissions.require(session, Permissions.RULES_EDIT);
        Set<Long> members = validate(d, null);
        return changes.create(GROUPS, new DeviceGroup(d.name().strip(), d.description(), members));
    }

    public DeviceGroupView update(long id, DeviceGroupDraft d) {
        permissions.require(session, Permissions.RULES_EDIT);
        DeviceGroup group = changes.find(GROUPS, id);
        Set<Long> members = validate(d, id);
        // A client that sends no version (groups had none before V13) is not refused; one that does gets the lost-update check.
        Long version = d.version() == null ? Long.valueOf(group.getVersion()) : d.version();
        return changes.update(GROUPS, group, version, g -> g.change(d.name().strip(), d.description(), members));
    }

    public void delete(long id) {
        permissions.require(session, Permissions.RULES_EDIT);
        DeviceGroup group = changes.find(GROUPS, id);
        long users = scopedTo(AlertRule.class, id) + scopedTo(MaintenanceWindow.class, id);
        if (users > 0) {
            throw new ConflictException("id", "the group is the scope of " + users + " rules or maintenance windows; change those first");
        }
        changes.delete(GROUPS, group);
    }

    /** How many rules or windows have the group as their scope. */
    private long scopedTo(Class<? extends ScopedRecord> entity, long group) {
        return em.createQuery("select count(x) from " + entity.getSimpleName() + " x where x.scopeType = :type and x.scopeValue = :id",
                Long.class).setParameter("type", ScopeType.GROUP).setParameter("id", String.valueOf(group)).getSingleResult();
    }

    private Set<Long> validate(DeviceGroupDraft d, Long id) {
        if (d == null) {
            throw new InvalidInputException("body", "a device group as JSON");
        }
        List<FieldError> errors = new ArrayList<>();
        if (d.name() == null || d.name().isBlank() || d.name().strip().length() > 120) {
            errors.add(new FieldError("name", "a name of 1 to 120 characters"));
        }
        if (d.description() != null && d.description().length() > 500) {
            errors.add(new FieldError("description", "at most 500 characters"));
        }
        Set<Long> members = new TreeSet<>();
        if (d.deviceIds() != null) {
            for (Long m : d.deviceIds()) {
                if (m != null) {
                    members.add(m);
                }
            }
        }
        if (members.size() > MAX_MEMBERS) {
            errors.add(new FieldError("deviceIds", "at most " + MAX_MEMBERS + " devices"));
        } else if (!members.isEmpty()) {
            Set<Long> missing = new TreeSet<>(members);
            missing.removeAll(ScopeTargets.liveDevices(em, members));
            if (!missing.isEmpty()) {
                errors.add(new FieldError("deviceIds", "no such devices: " + missing));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (!em.createQuery("select g.id from DeviceGroup g where lower(g.name) = lower(:name) and g.id <> :id", Long.class)
                .setParameter("name", d.name().strip()).setParameter("id", id == null ? -1L : id).getResultList().isEmpty()) {
            throw new ConflictException("name", "a group named '" + d.name().strip() + "' exists already");
        }
        return members;
    }
}
