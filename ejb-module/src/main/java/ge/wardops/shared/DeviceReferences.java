package ge.wardops.shared;

/**
 * A capability whose own records point at devices (state changes, alerts). The inventory asks every
 * one of them before it deletes a device, so that a device with history is retired instead, without
 * reading their tables itself or depending on them.
 */
public interface DeviceReferences {

    /** How many of this capability's records refer to the device. */
    long countFor(long deviceId);
}
