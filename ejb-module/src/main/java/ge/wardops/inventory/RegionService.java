package ge.wardops.inventory;

import ge.wardops.audit.AuditEntry;
import ge.wardops.security.Permissions;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;

import java.util.List;
import java.util.Map;

/**
 * The regions: list, read, create, rename and delete them. Every read is limited to the caller's
 * regional scope, every change is validated the same way whoever calls (REST, console) and
 * audited with its before and after.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class RegionService extends ScopedInventory {

    public List<RegionView> regions() {
        RegionScope scope = caller.regions();
        List<Region> regions = em.createQuery(
                        "select r from Region r where (:all = true or r.id in :ids) order by r.name", Region.class)
                .setParameter("all", scope.unrestricted())
                .setParameter("ids", idsOrNone(scope))
                .getResultList();
        Map<Long, Long> branches = countBy("select b.region.id, count(b) from Branch b group by b.region.id");
        Map<Long, Long> devices = countBy(
                "select d.branch.region.id, count(d) from Device d where d.deletedAt is null group by d.branch.region.id");
        return regions.stream().map(r -> regionView(r, branches, devices)).toList();
    }

    public RegionView region(long id) {
        Region r = visibleRegion(id);
        Map<String, Object> only = Map.of("id", r.getId());
        return regionView(r, countBy("select b.region.id, count(b) from Branch b where b.region.id = :id group by b.region.id", only),
                countBy("select d.branch.region.id, count(d) from Device d where d.deletedAt is null and d.branch.region.id = :id"
                        + " group by d.branch.region.id", only));
    }

    public RegionView createRegion(RegionDraft draft) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        validation.check(draft);
        requireUniqueRegion(draft, null);
        Region region = new Region(draft.name().strip(), draft.code().strip());
        em.persist(region);
        em.flush();
        RegionView after = region(region.getId());
        audit.record(AuditEntry.created("region", region.getId(), after).inRegion(region.getId()));
        changed.fire(new InventoryChanged("region"));
        return after;
    }

    public RegionView updateRegion(long id, RegionDraft draft) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        validation.check(draft);
        Region region = visibleRegion(id);
        region.requireVersion(draft.version());
        requireUniqueRegion(draft, id);
        RegionView before = region(id);
        region.rename(draft.name().strip(), draft.code().strip());
        em.flush();
        RegionView after = region(id);
        audit.record(AuditEntry.updated("region", id, before, after).inRegion(id));
        changed.fire(new InventoryChanged("region"));
        return after;
    }

    public void deleteRegion(long id) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        Region region = visibleRegion(id);
        long branches = em.createQuery("select count(b) from Branch b where b.region.id = :id", Long.class)
                .setParameter("id", id).getSingleResult();
        if (branches > 0) {
            throw new ConflictException(null, "region '" + region.getName() + "' still has " + branches
                    + " branches; move or delete them first");
        }
        RegionView before = region(id);
        em.remove(region);
        audit.record(AuditEntry.deleted("region", id, before).inRegion(id));
        changed.fire(new InventoryChanged("region"));
    }

    private void requireUniqueRegion(RegionDraft draft, Long self) {
        List<Region> clash = em.createQuery(
                        "select r from Region r where (lower(r.name) = lower(:name) or lower(r.code) = lower(:code))"
                                + " and (:self is null or r.id <> :self)", Region.class)
                .setParameter("name", draft.name().strip()).setParameter("code", draft.code().strip())
                .setParameter("self", self).getResultList();
        for (Region r : clash) {
            boolean sameName = r.getName().equalsIgnoreCase(draft.name().strip());
            throw new ConflictException(sameName ? "name" : "code", "a region with this " + (sameName ? "name" : "code")
                    + " already exists (id " + r.getId() + ")");
        }
    }

    private static RegionView regionView(Region r, Map<Long, Long> branches, Map<Long, Long> devices) {
        return new RegionView(r.getId(), r.getName(), r.getCode(), branches.getOrDefault(r.getId(), 0L),
                devices.getOrDefault(r.getId(), 0L), r.getCreatedAt(), r.getUpdatedAt(), r.getVersion());
    }
}
