package ge.wardops.devicestate;

import ge.wardops.security.CallerScope;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
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

    @EJB
    CallerScope caller;

    @PersistenceContext(unitName = "wardops")
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

    /**
     * One device's recorded changes (device_state_changes), newest first: its timeline on the
     * device page. Empty for a device outside the caller's regions, as for an unknown one.
     */
    public List<DeviceStateChanged> ofDevice(long deviceId, int limit) {
        int n = Math.max(1, Math.min(limit, MAX));
        RegionScope scope = caller.regions();
        List<Long> region = em.createQuery("select d.branch.region.id from Device d where d.id = :id", Long.class)
                .setParameter("id", deviceId).getResultList();
        if (region.isEmpty() || !scope.allows(region.get(0))) {
            return List.of();
        }
        // Served by idx_state_changes_device_time.
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT from_state, to_state, changed_at, rtt_ms, loss_pct FROM device_state_changes"
                        + " WHERE device_id = ?1 ORDER BY changed_at DESC, id DESC LIMIT ?2")
                .setParameter(1, deviceId).setParameter(2, n).getResultList();
        return rows.stream().map(r -> new DeviceStateChanged(deviceId, DeviceStatus.valueOf((String) r[0]),
                DeviceStatus.valueOf((String) r[1]), instant(r[2]), r[3] == null ? null : ((Number) r[3]).doubleValue(),
                r[4] == null ? 0 : ((Number) r[4]).doubleValue())).toList();
    }

    private static java.time.Instant instant(Object value) {
        if (value instanceof java.time.Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + value.getClass());
    }
}
