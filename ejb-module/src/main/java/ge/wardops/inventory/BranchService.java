package ge.wardops.inventory;

import ge.wardops.audit.AuditEntry;
import ge.wardops.security.Permissions;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The branches: list, read, create, change and delete them. Every read is limited to the caller's
 * regional scope, every change is validated the same way whoever calls (REST, console) and
 * audited with its before and after.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class BranchService extends ScopedInventory {

    public List<BranchView> branches(Long regionId) {
        RegionScope scope = caller.regions();
        List<Branch> branches = em.createQuery(
                        "select b from Branch b join fetch b.region r where (:all = true or r.id in :ids) "
                                + "and (:region is null or r.id = :region) order by b.name", Branch.class)
                .setParameter("all", scope.unrestricted())
                .setParameter("ids", idsOrNone(scope))
                .setParameter("region", regionId)
                .getResultList();
        Map<Long, Long> devices = countBy("select d.branch.id, count(d) from Device d where d.deletedAt is null group by d.branch.id");
        return branches.stream().map(b -> branchView(b, devices.getOrDefault(b.getId(), 0L))).toList();
    }

    public BranchView branch(long id) {
        Branch b = visibleBranch(id);
        return branchView(b, em.createQuery(
                        "select count(d) from Device d where d.deletedAt is null and d.branch.id = :id", Long.class)
                .setParameter("id", id).getSingleResult());
    }

    public BranchView createBranch(BranchDraft draft) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        validation.check(draft);
        Region region = regionForInput(draft.regionId());
        requireUniqueBranch(draft, null);
        Branch branch = new Branch(region, draft);
        em.persist(branch);
        em.flush();
        BranchView after = branch(branch.getId());
        audit.record(AuditEntry.created("branch", branch.getId(), after).inRegion(region.getId()));
        changed.fire(new InventoryChanged("branch"));
        return after;
    }

    public BranchView updateBranch(long id, BranchDraft draft) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        validation.check(draft);
        Branch branch = visibleBranch(id);
        branch.requireVersion(draft.version());
        Region region = regionForInput(draft.regionId());
        requireUniqueBranch(draft, id);
        BranchView before = branch(id);
        branch.update(region, draft);
        em.flush();
        BranchView after = branch(id);
        audit.record(AuditEntry.updated("branch", id, before, after).inRegion(region.getId()));
        changed.fire(new InventoryChanged("branch"));
        return after;
    }

    public void deleteBranch(long id) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        Branch branch = visibleBranch(id);
        long devices = em.createQuery("select count(d) from Device d where d.branch.id = :id", Long.class)
                .setParameter("id", id).getSingleResult();
        if (devices > 0) {
            throw new ConflictException(null, "branch '" + branch.getName() + "' has " + devices
                    + " devices (including retired ones kept for history); move them first");
        }
        BranchView before = branch(id);
        em.remove(branch);
        audit.record(AuditEntry.deleted("branch", id, before).inRegion(before.regionId()));
        changed.fire(new InventoryChanged("branch"));
    }

    /** The names and codes of all branches in scope, for pickers and for resolving CSV rows. */
    public Map<String, Long> branchIdsByCodeAndName() {
        Map<String, Long> ids = new LinkedHashMap<>();
        for (BranchView b : branches(null)) {
            ids.put(b.code().toLowerCase(Locale.ROOT), b.id());
            ids.putIfAbsent(b.name().toLowerCase(Locale.ROOT), b.id());
        }
        return ids;
    }

    private void requireUniqueBranch(BranchDraft draft, Long self) {
        List<Branch> clash = em.createQuery(
                        "select b from Branch b where (lower(b.name) = lower(:name) or lower(b.code) = lower(:code))"
                                + " and (:self is null or b.id <> :self)", Branch.class)
                .setParameter("name", draft.name().strip()).setParameter("code", draft.code().strip())
                .setParameter("self", self).getResultList();
        for (Branch b : clash) {
            boolean sameName = b.getName().equalsIgnoreCase(draft.name().strip());
            throw new ConflictException(sameName ? "name" : "code", "a branch with this " + (sameName ? "name" : "code")
                    + " already exists (id " + b.getId() + ")");
        }
    }

    private static BranchView branchView(Branch b, long deviceCount) {
        return new BranchView(b.getId(), b.getRegion().getId(), b.getRegion().getName(), b.getName(), b.getCode(),
                b.getCity(), b.getAddress(), b.getLatitude(), b.getLongitude(), deviceCount,
                b.getCreatedAt(), b.getUpdatedAt(), b.getVersion());
    }
}
