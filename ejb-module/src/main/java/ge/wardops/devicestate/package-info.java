/**
 * The live status of every device (UP, DOWN, UNKNOWN, last RTT and loss, since when), kept in
 * Infinispan, decided from probe results with debounce, and its changes: a row per change in
 * PostgreSQL and a {@link ge.wardops.devicestate.DeviceStateChanged} CDI event. Must not probe devices
 * itself nor write samples; the probe and metrics capabilities do that.
 */
package ge.wardops.devicestate;
