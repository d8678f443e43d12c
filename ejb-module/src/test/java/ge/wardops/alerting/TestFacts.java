package ge.wardops.alerting;

import ge.wardops.alerting.expression.Facts;
import ge.wardops.devicestate.DeviceStatus;

import java.util.HashMap;
import java.util.Map;

/** Facts a test sets device by device; a device never set is UNKNOWN with nothing known. */
public final class TestFacts implements Facts {

    public final Map<Long, DeviceStatus> status = new HashMap<>();
    public final Map<Long, Double> rtt = new HashMap<>();
    public final Map<Long, Double> loss = new HashMap<>();
    public final Map<Long, Map<String, double[]>> snmp = new HashMap<>();
    public final Map<Long, Double> availability = new HashMap<>();
    /** Devices that failed their last probe and are not decided yet. */
    public final java.util.Set<Long> deciding = new java.util.HashSet<>();

    public TestFacts set(long id, DeviceStatus s) {
        status.put(id, s);
        return this;
    }

    @Override
    public DeviceStatus status(long id) {
        return status.getOrDefault(id, DeviceStatus.UNKNOWN);
    }

    @Override
    public Double rttMs(long id) {
        return rtt.get(id);
    }

    @Override
    public Double lossPercent(long id) {
        return loss.get(id);
    }

    @Override
    public double[] snmp(long id, String item) {
        return snmp.getOrDefault(id, Map.of()).getOrDefault(item, new double[0]);
    }

    @Override
    public Double availability(long id) {
        return availability.get(id);
    }

    @Override
    public boolean deciding(long id) {
        return deciding.contains(id);
    }
}
