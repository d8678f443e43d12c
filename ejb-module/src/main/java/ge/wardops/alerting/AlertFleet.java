package ge.wardops.alerting;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The inventory copy rules are evaluated over, indexed once per copy. */
public record AlertFleet(List<AlertDevice> devices, Map<Long, AlertDevice> byId) {

    public static AlertFleet of(List<AlertDevice> devices) {
        Map<Long, AlertDevice> byId = new HashMap<>(devices.size() * 2);
        devices.forEach(d -> byId.put(d.id(), d));
        return new AlertFleet(List.copyOf(devices), byId);
    }
}
