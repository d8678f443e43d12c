package ge.wardops.status;

import ge.wardops.inventory.DeviceType;
import ge.wardops.shared.IpAddresses;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.net.InetAddress;
import java.util.List;

/** The two queries the live views need, each run only when its copy is stale. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class FleetQueries {

    @PersistenceContext
    EntityManager em;

    /** Every live device with its branch and region: one query for the whole fleet. */
    public List<FleetDevice> devices() {
        return em.createQuery("select d.id, d.name, d.ip, d.type, d.vendor, b.id, b.name, r.id, r.name, d.enabled "
                        + "from Device d join d.branch b join b.region r where d.deletedAt is null order by d.id", Object[].class)
                .getResultList().stream()
                .map(row -> new FleetDevice((Long) row[0], (String) row[1], IpAddresses.format((InetAddress) row[2]),
                        (DeviceType) row[3], (String) row[4], (Long) row[5], (String) row[6], (Long) row[7],
                        (String) row[8], (Boolean) row[9]))
                .toList();
    }

    /** Open alerts (firing or acknowledged), served by the partial index idx_alerts_active. */
    public long activeAlerts() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM alerts WHERE resolved_at IS NULL").getSingleResult()).longValue();
    }
}
