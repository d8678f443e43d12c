package ge.wardops.alerting;

import ge.wardops.alerting.expression.Facts;
import ge.wardops.devicestate.DeviceState;
import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.probe.LatestSnmpValues;

import java.util.Map;

/** The facts of one round: the live states (one copy per round) and the latest SNMP values. */
record LiveFacts(Map<Long, DeviceState> states, LatestSnmpValues snmp) implements Facts {

    @Override
    public DeviceStatus status(long id) {
        DeviceState s = states.get(id);
        return s == null ? DeviceStatus.UNKNOWN : s.status();
    }

    @Override
    public Double rttMs(long id) {
        DeviceState s = states.get(id);
        return s == null ? null : s.rttMs();
    }

    @Override
    public Double lossPercent(long id) {
        DeviceState s = states.get(id);
        return s == null || s.lastProbe() == null ? null : s.lossPercent();
    }

    @Override
    public double[] snmp(long id, String item) {
        return snmp.values(id, item);
    }

    @Override
    public Double availability(long id) {
        return null;
    }

    @Override
    public boolean deciding(long id) {
        DeviceState s = states.get(id);
        return s != null && s.status() != DeviceStatus.DOWN && s.failedRounds() > 0;
    }
}
