package ge.wardops.alerting;

import ge.wardops.audit.AuditLog;
import ge.wardops.security.Permissions;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.InvalidInputException.FieldError;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
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

    @Inject
    Permissions permissions;

    @Resource
    SessionContext session;

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    AuditLog audit;

    @Inject
    Event<AlertConfigChanged> changed;

    public List<DeviceGroupView> list() {
        return Jdbc.list(em, "SELECT g.id, g.name, g.description, coalesce(array_agg(m.device_id ORDER BY m.device_id) "
                + "FILTER (WHERE m.device_id IS NOT NULL), '{}') FROM device_groups g LEFT JOIN device_group_members m ON m.group_id = g.id "
                + "GROUP BY g.id ORDER BY g.name", DeviceGroupService::row);
    }

    public DeviceGroupView get(long id) {
        List<DeviceGroupView> found = Jdbc.list(em, "SELECT g.id, g.name, g.description, coalesce(array_agg(m.device_id ORDER BY m.device_id) "
                + "FILTER (WHERE m.device_id IS NOT NULL), '{}') FROM device_groups g LEFT JOIN device_group_members m ON m.group_id = g.id "
                + "WHERE g.id = ? GROUP BY g.id", DeviceGroupService::row, id);
        if (found.isEmpty()) {
            throw new UnknownEntityException("device group", id);
        }
        return found.get(0);
    }

    public DeviceGroupView create(DeviceGroupDraft d) {
        permissions.require(session, Permissions.RULES_EDIT);
        Set<Long> members = validate(d, null);
        long id = Jdbc.list(em, "INSERT INTO device_groups (name, description) VALUES (?, ?) RETURNING id", rs -> rs.getLong(1),
                d.name().strip(), d.description()).get(0);
        replaceMembers(id, members);
        DeviceGroupView created = get(id);
        audit.record("CREATE", "device_group", id, null, null, created, null);
        changed.fire(new AlertConfigChanged(AlertConfigChanged.What.GROUPS));
        return created;
    }

    public DeviceGroupView update(long id, DeviceGroupDraft d) {
        permissions.require(session, Permissions.RULES_EDIT);
        DeviceGroupView before = get(id);
        Set<Long> members = validate(d, id);
        Jdbc.update(em, "UPDATE device_groups SET name = ?, description = ? WHERE id = ?", d.name().strip(), d.description(), id);
        replaceMembers(id, members);
        DeviceGroupView after = get(id);
        audit.record("UPDATE", "device_group", id, null, before, after, null);
        changed.fire(new AlertConfigChanged(AlertConfigChanged.What.GROUPS));
        return after;
    }

    public void delete(long id) {
        permissions.require(session, Permissions.RULES_EDIT);
        DeviceGroupView before = get(id);
        long users = Jdbc.list(em, "SELECT (SELECT count(*) FROM alert_rules WHERE scope_type = 'GROUP' AND scope_value = ?) "
                + "+ (SELECT count(*) FROM maintenance_windows WHERE scope_type = 'GROUP' AND scope_value = ?)", rs -> rs.getLong(1),
                String.valueOf(id), String.valueOf(id)).get(0);
        if (users > 0) {
            throw new ConflictException("id", "the group is the scope of " + users + " rules or maintenance windows; change those first");
        }
        Jdbc.update(em, "DELETE FROM device_groups WHERE id = ?", id);
        audit.record("DELETE", "device_group", id, null, before, null, null);
        changed.fire(new AlertConfigChanged(AlertConfigChanged.What.GROUPS));
    }

    private void replaceMembers(long id, Set<Long> members) {
        Jdbc.update(em, "DELETE FROM device_group_members WHERE group_id = ?", id);
        if (!members.isEmpty()) {
            Jdbc.update(em, "INSERT INTO device_group_members (group_id, device_id) SELECT ?, unnest(?::bigint[])", id,
                    members.toArray(Long[]::new));
        }
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
            List<Long> known = Jdbc.list(em, "SELECT id FROM devices WHERE id = ANY(?) AND deleted_at IS NULL", rs -> rs.getLong(1),
                    (Object) members.toArray(Long[]::new));
            Set<Long> missing = new TreeSet<>(members);
            known.forEach(missing::remove);
            if (!missing.isEmpty()) {
                errors.add(new FieldError("deviceIds", "no such devices: " + missing));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        if (!Jdbc.list(em, "SELECT id FROM device_groups WHERE lower(name) = lower(?) AND id <> ?", rs -> rs.getLong(1),
                d.name().strip(), id == null ? -1L : id).isEmpty()) {
            throw new ConflictException("name", "a group named '" + d.name().strip() + "' exists already");
        }
        return members;
    }

    private static DeviceGroupView row(java.sql.ResultSet rs) throws java.sql.SQLException {
        List<Long> ids = new ArrayList<>();
        for (Object o : (Object[]) rs.getArray(4).getArray()) {
            ids.add(((Number) o).longValue());
        }
        return new DeviceGroupView(rs.getLong(1), rs.getString(2), rs.getString(3), ids);
    }
}
