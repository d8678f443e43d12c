package ge.wardops.devicestate;

/** A device's availability as operators see it. UNKNOWN until the first probe says otherwise. */
public enum DeviceStatus { UNKNOWN, UP, DOWN }
