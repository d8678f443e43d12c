package ge.wardops.inventory;

import ge.wardops.audit.AuditEntry;
import ge.wardops.inventory.credentials.SnmpCredential;
import ge.wardops.security.Permissions;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.DeviceReferences;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.IpAddresses;
import ge.wardops.shared.Page;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.TypedQuery;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The devices: list (filtered, sorted, paged), read, create (one, or a CSV import's batch), change
 * and delete or retire them. Every read is limited to the caller's regional scope, every change is
 * validated the same way whoever calls (REST, console, CSV import) and audited with its before and after.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class DeviceService extends ScopedInventory {

    /** What a delete did: removed the row, or retired it because history refers to it. */
    public enum Deletion { DELETED, RETIRED }

    private static final int MAX_PAGE = 1000;
    private static final int MAX_PARENT_DEPTH = 32;

    private static final Map<String, String> DEVICE_SORTS = Map.of(
            "name", "lower(d.name)", "ip", "d.ip", "type", "d.type", "vendor", "d.vendor",
            "branch", "b.name", "region", "r.name", "createdAt", "d.createdAt", "updatedAt", "d.updatedAt");

    /** The capabilities whose records point at devices (state changes, alerts): asked before a device is deleted. */
    @Inject
    jakarta.enterprise.inject.Instance<DeviceReferences> references;

    /**
     * One page of devices matching {@code filter}, sorted by {@code sort} (name, ip, type, vendor,
     * branch, region, createdAt, updatedAt), at most 1000 per page.
     */
    public Page<DeviceView> devices(DeviceFilter filter, int offset, int limit, String sort, boolean descending) {
        if (offset < 0) {
            throw new InvalidInputException("offset", "must be 0 or more");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_PAGE);
        }
        String order = DEVICE_SORTS.get(sort == null || sort.isBlank() ? "name" : sort);
        if (order == null) {
            throw new InvalidInputException("sort", "unknown sort '" + sort + "'; one of " + DEVICE_SORTS.keySet());
        }
        Map<String, Object> params = new HashMap<>();
        String where = deviceWhere(filter, caller.regions(), params);
        TypedQuery<Long> count = em.createQuery(
                "select count(d) from Device d join d.branch b join b.region r where " + where, Long.class);
        TypedQuery<Device> page = em.createQuery(
                "select d from Device d join fetch d.branch b join fetch b.region r left join fetch d.parent"
                        + " left join fetch d.snmpCredential where " + where + " order by " + order + (descending ? " desc" : " asc") + ", d.id", Device.class);
        params.forEach((k, v) -> {
            count.setParameter(k, v);
            page.setParameter(k, v);
        });
        long total = count.getSingleResult();
        List<DeviceView> items = page.setFirstResult(offset).setMaxResults(limit).getResultList()
                .stream().map(d -> DeviceView.of(d, caller.regions())).toList();
        return new Page<>(items, total, offset, limit);
    }

    public DeviceView device(long id) {
        return DeviceView.of(visibleDevice(id), caller.regions());
    }

    public DeviceView createDevice(DeviceDraft draft) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        Device device = newDevice(draft, true);
        em.flush();
        DeviceView after = DeviceView.of(device);
        audit.record(AuditEntry.created("device", device.getId(), after).inRegion(after.regionId()));
        changed.fire(new InventoryChanged("device"));
        return DeviceView.of(device, caller.regions());
    }

    /**
     * Creates many devices in one transaction: all of them or, on the first error, none. The
     * CSV import validates every row before it calls this, so an error here is a race with
     * another writer. A device's in-batch parent must come before it. {@code progress} is told
     * how many devices are written so far.
     */
    public List<Long> createDevices(List<NewDevice> batch, java.util.function.IntConsumer progress) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        List<Long> ids = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            NewDevice next = batch.get(i);
            DeviceDraft draft = next.draft();
            if (next.parentIndex() != null) {
                if (next.parentIndex() >= i) {
                    throw new InvalidInputException("parent", "row " + (i + 1) + ": its parent must come first");
                }
                draft = withParent(draft, ids.get(next.parentIndex()));
            }
            // Uniqueness was checked for the whole file in one query; the unique indexes guard a race.
            Device device = newDevice(draft, false);
            ids.add(device.getId());
            audit.record(AuditEntry.created("device", device.getId(), DeviceView.of(device)).inRegion(device.getBranch().getRegion().getId())
                    .withDetails("csv import"));
            if ((i + 1) % 100 == 0) {
                em.flush();
                em.clear();
                progress.accept(i + 1);
            }
        }
        em.flush();
        progress.accept(batch.size());
        changed.fire(new InventoryChanged("device"));
        return ids;
    }

    private static DeviceDraft withParent(DeviceDraft d, long parentId) {
        return new DeviceDraft(d.name(), d.ip(), d.type(), d.vendor(), d.model(), d.branchId(), parentId,
                d.enabled(), d.tags(), d.description(), d.snmpPort(), d.snmpCredentialId(), d.version());
    }

    public DeviceView updateDevice(long id, DeviceDraft draft) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        validation.check(draft);
        Device device = visibleDevice(id);
        device.requireVersion(draft.version());
        DeviceView before = DeviceView.of(device);
        InetAddress ip = IpAddresses.parse("ip", draft.ip());
        Branch branch = branchForInput(draft.branchId());
        requireUniqueDevice(draft.name(), ip, id);
        Device parent = keptOrNewParent(device, draft.parentId());
        device.place(draft.name().strip(), ip, draft.type(), branch, parent);
        device.describe(blankToNull(draft.vendor()), blankToNull(draft.model()), blankToNull(draft.description()),
                draft.tags(), draft.enabled() == null || draft.enabled(), draft.snmpPort(),
                credentialForInput(draft.snmpCredentialId()));
        em.flush();
        DeviceView after = DeviceView.of(device);
        audit.record(AuditEntry.updated("device", id, before, after).inRegion(after.regionId()));
        changed.fire(new InventoryChanged("device"));
        return DeviceView.of(device, caller.regions());
    }

    /** Deletes a device, or retires it (kept, hidden, address freed) when its history must stay. */
    public Deletion deleteDevice(long id) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        Device device = visibleDevice(id);
        long children = em.createQuery(
                        "select count(d) from Device d where d.parent.id = :id and d.deletedAt is null", Long.class)
                .setParameter("id", id).getSingleResult();
        if (children > 0) {
            throw new ConflictException(null, "device '" + device.getName() + "' is the parent of " + children
                    + " devices; give them another parent first");
        }
        DeviceView before = DeviceView.of(device);
        // State changes, alerts and retired children point at this row: keep it for them.
        long history = em.createQuery("select count(d) from Device d where d.parent.id = :id", Long.class)
                .setParameter("id", id).getSingleResult() + references.stream().mapToLong(r -> r.countFor(id)).sum();
        Deletion outcome;
        if (history > 0) {
            device.markDeleted();
            outcome = Deletion.RETIRED;
        } else {
            em.remove(device);
            outcome = Deletion.DELETED;
        }
        audit.record(AuditEntry.deleted("device", id, before).inRegion(before.regionId())
                .withDetails(outcome.name().toLowerCase(Locale.ROOT)));
        changed.fire(new InventoryChanged("device"));
        return outcome;
    }

    /** Names and addresses of live devices, lower-cased names, to check a CSV file against in one query. */
    public List<Object[]> liveDeviceNamesAndAddresses() {
        return em.createQuery("select lower(d.name), d.ip, d.id from Device d where d.deletedAt is null", Object[].class)
                .getResultList();
    }

    /**
     * Lower-cased names and ids of the live devices in the caller's regions: the devices a CSV row
     * may name as its parent (a device of another region is not found, its id never shown).
     */
    public Map<String, Long> deviceIdsByNameInScope() {
        Map<String, Object> params = new HashMap<>();
        String where = deviceWhere(null, caller.regions(), params);
        TypedQuery<Object[]> query = em.createQuery("select lower(d.name), d.id from Device d join d.branch b join b.region r where "
                + where, Object[].class);
        params.forEach(query::setParameter);
        Map<String, Long> ids = new HashMap<>();
        for (Object[] row : query.getResultList()) {
            ids.put((String) row[0], (Long) row[1]);
        }
        return ids;
    }

    private Device newDevice(DeviceDraft draft, boolean checkUnique) {
        validation.check(draft);
        InetAddress ip = IpAddresses.parse("ip", draft.ip());
        Branch branch = branchForInput(draft.branchId());
        if (checkUnique) {
            requireUniqueDevice(draft.name(), ip, null);
        }
        Device parent = parentForInput(draft.parentId(), null);
        Device device = new Device(draft.name().strip(), ip, draft.type(), branch, parent);
        device.describe(blankToNull(draft.vendor()), blankToNull(draft.model()), blankToNull(draft.description()),
                draft.tags(), draft.enabled() == null || draft.enabled(), draft.snmpPort(),
                credentialForInput(draft.snmpCredentialId()));
        em.persist(device);
        return device;
    }

    private String deviceWhere(DeviceFilter f, RegionScope scope, Map<String, Object> params) {
        StringBuilder where = new StringBuilder("d.deletedAt is null");
        if (!scope.unrestricted()) {
            where.append(" and r.id in :scope");
            params.put("scope", idsOrNone(scope));
        }
        if (f == null) {
            return where.toString();
        }
        if (f.regionId() != null) {
            where.append(" and r.id = :region");
            params.put("region", f.regionId());
        }
        if (f.branchId() != null) {
            where.append(" and b.id = :branch");
            params.put("branch", f.branchId());
        }
        if (f.type() != null) {
            where.append(" and d.type = :type");
            params.put("type", f.type());
        }
        if (f.vendor() != null && !f.vendor().isBlank()) {
            where.append(" and lower(d.vendor) = :vendor");
            params.put("vendor", f.vendor().strip().toLowerCase(Locale.ROOT));
        }
        if (f.tag() != null && !f.tag().isBlank()) {
            where.append(" and array_contains(d.tags, :tag)");
            params.put("tag", f.tag().strip());
        }
        if (f.status() != null && !f.status().isBlank()) {
            switch (f.status().strip().toLowerCase(Locale.ROOT)) {
                case "down" -> where.append(" and d.enabled = true and d.downSince is not null");
                case "up" -> where.append(" and d.enabled = true and d.downSince is null");
                case "disabled" -> where.append(" and d.enabled = false");
                default -> throw new InvalidInputException("status", "unknown status '" + f.status() + "'; one of up, down, disabled");
            }
        }
        if (f.text() != null && !f.text().isBlank()) {
            where.append(" and (lower(d.name) like :text escape '\\' or lower(coalesce(d.vendor, '')) like :text escape '\\'"
                    + " or lower(coalesce(d.model, '')) like :text escape '\\' or cast(function('host', d.ip) as String) like :text escape '\\')");
            params.put("text", "%" + escapeLike(f.text().strip().toLowerCase(Locale.ROOT)) + "%");
        }
        return where.toString();
    }

    private SnmpCredential credentialForInput(Long credentialId) {
        if (credentialId == null) {
            return null;
        }
        SnmpCredential c = em.find(SnmpCredential.class, credentialId);
        if (c == null) {
            throw new InvalidInputException("snmpCredentialId", "SNMP credential " + credentialId + " does not exist");
        }
        return c;
    }

    /**
     * The parent an update gives {@code device}: a parent the caller cannot see (another region) was
     * shown to them without id, so an update that names no parent keeps it rather than dropping it.
     */
    private Device keptOrNewParent(Device device, Long parentId) {
        Device current = device.getParent();
        if (parentId == null && current != null && !caller.regions().allows(current.getBranch().getRegion().getId())) {
            return current;
        }
        return parentForInput(parentId, device.getId());
    }

    private Device parentForInput(Long parentId, Long self) {
        if (parentId == null) {
            return null;
        }
        if (parentId.equals(self)) {
            throw new InvalidInputException("parentId", "a device cannot be its own parent");
        }
        Device parent = em.find(Device.class, parentId);
        if (parent == null || parent.getDeletedAt() != null || !caller.regions().allows(parent.getBranch().getRegion().getId())) {
            throw new InvalidInputException("parentId", "device " + parentId + " does not exist");
        }
        Device up = parent;
        for (int depth = 0; up != null; depth++) {
            if (depth > MAX_PARENT_DEPTH || (self != null && self.equals(up.getId()))) {
                throw new InvalidInputException("parentId", "device " + parentId + " would make a dependency loop");
            }
            up = up.getParent();
        }
        return parent;
    }

    private void requireUniqueDevice(String name, InetAddress ip, Long self) {
        List<Device> clash = em.createQuery(
                        "select d from Device d where d.deletedAt is null and (lower(d.name) = lower(:name) or d.ip = :ip)"
                                + " and (:self is null or d.id <> :self)", Device.class)
                .setParameter("name", name.strip()).setParameter("ip", ip).setParameter("self", self)
                .getResultList();
        for (Device d : clash) {
            boolean sameName = d.getName().equalsIgnoreCase(name.strip());
            throw new ConflictException(sameName ? "name" : "ip", sameName
                    ? "a device named '" + d.getName() + "' already exists (id " + d.getId() + ")"
                    : "address " + IpAddresses.format(ip) + " already belongs to device '" + d.getName() + "' (id " + d.getId() + ")");
        }
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
