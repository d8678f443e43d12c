package ge.wardops.alerting.expression;

import ge.wardops.devicestate.DeviceStatus;

/**
 * What a condition may ask about a device, all of it answered from memory (the live states, the
 * latest SNMP values, the availability of the rule's window). A value not known is null (or an
 * empty array), and a comparison with an unknown value is false.
 */
public interface Facts {

    DeviceStatus status(long deviceId);

    Double rttMs(long deviceId);

    Double lossPercent(long deviceId);

    /** The latest value of an SNMP item, one per index (interface); empty when never polled. */
    double[] snmp(long deviceId, String item);

    /** Percent of probes answered over the rule's window, null when not known (yet). */
    Double availability(long deviceId);

    /**
     * Whether the device's status is still being decided: it failed its last probe but debounce
     * has not made it DOWN yet. Its verdict for this moment is not known.
     */
    default boolean deciding(long deviceId) {
        return false;
    }
}
