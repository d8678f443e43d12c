package ge.wardops.fleet;

import ge.wardops.inventory.DeviceType;
import ge.wardops.shared.IpAddresses;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.net.InetAddress;
import java.util.List;

/** The queries the live views need, each run only when its copy is stale. */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class FleetQueries {

    @PersistenceContext(unitName = "wardops")
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

    /** Every branch with its region, devices or not. */
    public List<FleetBranch> branches() {
        return em.createQuery("select b.id, b.name, b.code, r.id, r.name from Branch b join b.region r order by b.name", Object[].class)
                .getResultList().stream()
                .map(row -> new FleetBranch((Long) row[0], (String) row[1], (String) row[2], (Long) row[3], (String) row[4]))
                .toList();
    }

    /** Every region, branches or not. */
    public List<FleetRegion> regions() {
        return em.createQuery("select r.id, r.name, r.code from Region r order by r.name", Object[].class)
                .getResultList().stream()
                .map(row -> new FleetRegion((Long) row[0], (String) row[1], (String) row[2]))
                .toList();
    }
}
