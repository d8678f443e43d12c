package ge.wardops.alerting;

import ge.wardops.shared.DeviceReferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What other capabilities ask of alerting's tables, so that none of them reads them with its own SQL:
 * the open alerts per region for the live views, a device's alerts for the inventory, whether a rule
 * exists for the notification routes.
 */
@ApplicationScoped
public class AlertingLookups implements DeviceReferences {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    /**
     * Open alerts (firing or acknowledged) by region, served by the partial index idx_alerts_active;
     * system alerts (no region) under the key {@code null}.
     */
    public Map<Long, Long> openByRegion() {
        Map<Long, Long> out = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT region_id, count(*) FROM alerts WHERE resolved_at IS NULL GROUP BY region_id")
                .getResultList();
        for (Object[] row : rows) {
            out.put(row[0] == null ? null : ((Number) row[0]).longValue(), ((Number) row[1]).longValue());
        }
        return out;
    }

    /** Every alert of the device, open or resolved: a device with alerts is retired, not deleted. */
    @Override
    public long countFor(long deviceId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM alerts WHERE device_id = ?1")
                .setParameter(1, deviceId).getSingleResult()).longValue();
    }

    /** Whether the alert rule exists (enabled or not). */
    public boolean ruleExists(long ruleId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM alert_rules WHERE id = ?1")
                .setParameter(1, ruleId).getSingleResult()).longValue() > 0;
    }
}
