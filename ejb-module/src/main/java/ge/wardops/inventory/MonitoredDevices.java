package ge.wardops.inventory;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.net.InetAddress;
import java.util.List;

/**
 * The devices a probe round works on, as the inventory answers the probe capability: every enabled,
 * live device, read in one query per round (never one per device), so a device added or disabled in
 * the console is picked up by the next round.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class MonitoredDevices {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    public List<MonitoredDevice> enabled() {
        return em.createQuery("select d.id, d.ip, d.type, b.code, r.code, p.id, b.id from Device d join d.branch b join b.region r "
                        + "left join d.parent p where d.enabled = true and d.deletedAt is null", Object[].class)
                .getResultList().stream()
                .map(row -> new MonitoredDevice((Long) row[0], (InetAddress) row[1], (DeviceType) row[2], (Long) row[6], (String) row[3],
                        (String) row[4], (Long) row[5]))
                .toList();
    }

    /** Enabled devices with SNMP credentials, with what the collector needs: port, credential, vendor. */
    public List<SnmpDevice> snmpPolled() {
        return em.createQuery("select d.id, d.ip, d.type, b.code, r.code, d.snmpPort, c.id, d.vendor, p.id, b.id from Device d "
                        + "join d.branch b join b.region r join d.snmpCredential c left join d.parent p "
                        + "where d.enabled = true and d.deletedAt is null", Object[].class)
                .getResultList().stream()
                .map(row -> new SnmpDevice(new MonitoredDevice((Long) row[0], (InetAddress) row[1], (DeviceType) row[2],
                        (Long) row[9], (String) row[3], (String) row[4], (Long) row[8]), (Integer) row[5], (Long) row[6], (String) row[7]))
                .toList();
    }
}
