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
 * exists for the notification routes, the alerts that may be escalated for the notifier.
 */
@ApplicationScoped
public class AlertingLookups implements DeviceReferences {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    public AlertingLookups() {
    }

    /** Outside the container (tests): on the given persistence context. */
    public AlertingLookups(EntityManager em) {
        this.em = em;
    }

    /**
     * The alerts an escalation may be about: open, not acknowledged, not under a parent's alert,
     * oldest id first, with their rule, subject, branch and region names filled. A device's alert
     * takes its branch from the device when the row names none, and its region from the branch
     * (the alert's own region only when it has no branch), as the notices always showed them.
     */
    public List<AlertSnapshot> openUnacknowledgedTopLevel() {
        return Jdbc.list(em, "SELECT a.id, a.rule_id, ru.name, a.subject_key, coalesce(d.name, b.name, rg.name, a.subject_key), "
                + "a.device_id, b.id, b.name, rg.id, rg.name, a.severity, a.state, a.message, a.triggered_at, "
                + "a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.suppressed, a.parent_alert_id, a.in_maintenance, a.flapping, "
                + "a.repeat_count, a.last_seen_at "
                + "FROM alerts a LEFT JOIN alert_rules ru ON ru.id = a.rule_id LEFT JOIN devices d ON d.id = a.device_id "
                + "LEFT JOIN branches b ON b.id = coalesce(a.branch_id, d.branch_id) "
                + "LEFT JOIN regions rg ON rg.id = coalesce(b.region_id, a.region_id) "
                + "WHERE a.resolved_at IS NULL AND a.acknowledged_at IS NULL AND a.parent_alert_id IS NULL ORDER BY a.id",
                AlertRows::alert);
    }

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

    /**
     * The alerts a report of [from, to) lists: fired before its end and not resolved before its start,
     * in order of firing, with who resolved them; {@code regionIds} null for every alert (system
     * alerts too), otherwise only those of the regions (served by idx_alerts_region_time).
     */
    public List<PastAlert> between(java.time.Instant from, java.time.Instant to, java.util.Set<Long> regionIds) {
        String where = "WHERE a.triggered_at < ? AND (a.resolved_at IS NULL OR a.resolved_at >= ?)"
                + (regionIds == null ? "" : " AND a.region_id = ANY(?)");
        Object[] params = regionIds == null ? new Object[] {to, from} : new Object[] {to, from, regionIds.toArray(Long[]::new)};
        Map<Long, String> resolvedBy = new HashMap<>();
        for (Object[] row : Jdbc.list(em, "SELECT a.id, a.resolved_by FROM alerts a " + where, rs -> new Object[] {rs.getLong(1), rs.getString(2)}, params)) {
            resolvedBy.put((Long) row[0], (String) row[1]);
        }
        return Jdbc.list(em, AlertRows.ALERT_SELECT + where + " ORDER BY a.triggered_at, a.id", AlertRows::alert, params).stream()
                .map(a -> new PastAlert(a, resolvedBy.get(a.id()))).toList();
    }

    /** Every maintenance window with a run that may overlap [from, to), for reports of past periods. */
    public List<MaintenanceWindowView> windowsOverlapping(java.time.Instant from, java.time.Instant to) {
        return em.createQuery("select w from MaintenanceWindow w where w.startsAt < :to and ((w.recurrence is null and w.endsAt > :from) "
                        + "or (w.recurrence is not null and (w.repeatUntil is null or w.repeatUntil > :weekBefore))) order by w.id",
                MaintenanceWindow.class).setParameter("to", to).setParameter("from", from)
                .setParameter("weekBefore", from.minus(java.time.Duration.ofDays(8))).getResultList().stream().map(MaintenanceWindow::view).toList();
    }

    /** The saved device groups' names by id. */
    public Map<Long, String> groupNames() {
        Map<Long, String> out = new HashMap<>();
        for (Object[] row : Jdbc.list(em, "SELECT id, name FROM device_groups", rs -> new Object[] {rs.getLong(1), rs.getString(2)})) {
            out.put((Long) row[0], (String) row[1]);
        }
        return out;
    }

    /** Whether the alert rule exists (enabled or not). */
    public boolean ruleExists(long ruleId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM alert_rules WHERE id = ?1")
                .setParameter(1, ruleId).getSingleResult()).longValue() > 0;
    }
}
