package ge.wardops.devicestate;

import ge.wardops.shared.DeviceReferences;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The recorded state changes of a device, counted for the inventory (a device with history is retired, not deleted). */
@ApplicationScoped
public class StateChangeReferences implements DeviceReferences {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Override
    public long countFor(long deviceId) {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM device_state_changes WHERE device_id = ?1")
                .setParameter(1, deviceId).getSingleResult()).longValue();
    }
}
