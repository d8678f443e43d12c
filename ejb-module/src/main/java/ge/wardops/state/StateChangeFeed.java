package ge.wardops.state;

import ge.wardops.security.CallerScope;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Recent state changes as a caller may see them: only devices of regions in the caller's scope. */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class StateChangeFeed {

    private static final int MAX = RecentStateChanges.KEPT;

    @Inject
    RecentStateChanges recent;

    @Inject
    CallerScope caller;

    @PersistenceContext
    EntityManager em;

    public List<DeviceStateChanged> recent(int limit) {
        int n = Math.max(1, Math.min(limit, MAX));
        RegionScope scope = caller.regions();
        if (scope.unrestricted()) {
            return recent.newest(n);
        }
        List<DeviceStateChanged> all = recent.newest(MAX);
        Set<Long> ids = all.stream().map(DeviceStateChanged::deviceId).collect(Collectors.toSet());
        Map<Long, Long> regionOf = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Object[] row : em.createQuery("select d.id, d.branch.region.id from Device d where d.id in :ids", Object[].class)
                    .setParameter("ids", ids).getResultList()) {
                regionOf.put((Long) row[0], (Long) row[1]);
            }
        }
        return all.stream().filter(c -> scope.allows(regionOf.get(c.deviceId()))).limit(n).toList();
    }
}
