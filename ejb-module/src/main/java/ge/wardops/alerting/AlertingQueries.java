package ge.wardops.alerting;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What the engine loads into memory: at start, and again only when rules, windows or the inventory change. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AlertingQueries {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    public List<AlertRuleView> enabledRules() {
        return em.createQuery("select r from AlertRule r where r.enabled order by r.id", AlertRule.class).getResultList().stream()
                .map(AlertRule::view).toList();
    }

    public List<AlertSnapshot> openAlerts() {
        return Jdbc.list(em, AlertRows.ALERT_SELECT + "WHERE a.resolved_at IS NULL ORDER BY a.id", AlertRows::alert);
    }

    /** The region of an alert (null for a system alert or an alert that does not exist). */
    public Long regionOfAlert(long id) {
        List<Long> found = Jdbc.list(em, "SELECT region_id FROM alerts WHERE id = ?", rs -> {
            long r = rs.getLong(1);
            return rs.wasNull() ? null : r;
        }, id);
        return found.isEmpty() ? null : found.get(0);
    }

    /** The windows that can still matter: one-off ones not ended, repeating ones not over for more than a week. */
    public List<MaintenanceWindowView> windows() {
        Instant now = Instant.now();
        return em.createQuery("select w from MaintenanceWindow w where (w.recurrence is null and w.endsAt > :now) "
                        + "or (w.recurrence is not null and (w.repeatUntil is null or w.repeatUntil > :weekAgo)) order by w.id",
                MaintenanceWindow.class).setParameter("now", now).setParameter("weekAgo", now.minus(Duration.ofDays(8)))
                .getResultList().stream().map(MaintenanceWindow::view).toList();
    }

    public List<AlertDevice> fleet() {
        return Jdbc.list(em, AlertRows.FLEET_SELECT + " ORDER BY d.id", AlertRows::device);
    }
}
