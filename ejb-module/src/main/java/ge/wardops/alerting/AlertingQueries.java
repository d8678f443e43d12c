package ge.wardops.alerting;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;

/** What the engine loads into memory: at start, and again only when rules, windows or the inventory change. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AlertingQueries {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    public List<AlertRuleView> enabledRules() {
        return Jdbc.list(em, AlertRows.RULE_SELECT + "WHERE enabled ORDER BY id", AlertRows::rule);
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

    public List<MaintenanceWindowView> windows() {
        return Jdbc.list(em, AlertRows.WINDOW_SELECT + "WHERE (recurrence IS NULL AND ends_at > now()) "
                + "OR (recurrence IS NOT NULL AND (repeat_until IS NULL OR repeat_until > now() - interval '8 days')) ORDER BY id",
                AlertRows::window);
    }

    public List<AlertDevice> fleet() {
        return Jdbc.list(em, AlertRows.FLEET_SELECT + " ORDER BY d.id", AlertRows::device);
    }
}
