package ge.wardops.inventory;

import ge.wardops.audit.AuditLog;
import ge.wardops.security.CallerScope;
import ge.wardops.security.Permissions;
import ge.wardops.security.RegionScope;
import ge.wardops.shared.DraftValidation;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the region, branch and device services share: their collaborators, finding a row the
 * caller may see (an unknown id and one outside the caller's regions look the same: "not found"
 * for a path, "does not exist" for a field), and counting rows by a group.
 */
abstract class ScopedInventory {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @EJB
    CallerScope caller;

    /** Changes need devices.edit (role_permissions); reads are open to every role and scoped by region. */
    @Inject
    Permissions permissions;

    @Resource
    SessionContext session;

    @Inject
    DraftValidation validation;

    @EJB
    AuditLog audit;

    @Inject
    jakarta.enterprise.event.Event<InventoryChanged> changed;

    Region visibleRegion(long id) {
        Region r = em.find(Region.class, id);
        if (r == null || !caller.regions().allows(r.getId())) {
            throw new UnknownEntityException("region", id);
        }
        return r;
    }

    Branch visibleBranch(long id) {
        Branch b = em.find(Branch.class, id);
        if (b == null || !caller.regions().allows(b.getRegion().getId())) {
            throw new UnknownEntityException("branch", id);
        }
        return b;
    }

    Device visibleDevice(long id) {
        Device d = em.find(Device.class, id);
        if (d == null || d.getDeletedAt() != null || !caller.regions().allows(d.getBranch().getRegion().getId())) {
            throw new UnknownEntityException("device", id);
        }
        return d;
    }

    Region regionForInput(Long regionId) {
        Region r = regionId == null ? null : em.find(Region.class, regionId);
        if (r == null || !caller.regions().allows(r.getId())) {
            throw new InvalidInputException("regionId", "region " + regionId + " does not exist");
        }
        return r;
    }

    Branch branchForInput(Long branchId) {
        Branch b = branchId == null ? null : em.find(Branch.class, branchId);
        if (b == null || !caller.regions().allows(b.getRegion().getId())) {
            throw new InvalidInputException("branchId", "branch " + branchId + " does not exist");
        }
        return b;
    }

    Map<Long, Long> countBy(String jpql) {
        return countBy(jpql, Map.of());
    }

    Map<Long, Long> countBy(String jpql, Map<String, Object> params) {
        Map<Long, Long> counts = new HashMap<>();
        TypedQuery<Object[]> query = em.createQuery(jpql, Object[].class);
        params.forEach(query::setParameter);
        for (Object[] row : query.getResultList()) {
            counts.put((Long) row[0], (Long) row[1]);
        }
        return counts;
    }

    static List<Long> idsOrNone(RegionScope scope) {
        // "in ()" is not valid SQL; -1 matches no region.
        return scope.regionIds().isEmpty() ? List.of(-1L) : List.copyOf(scope.regionIds());
    }
}
