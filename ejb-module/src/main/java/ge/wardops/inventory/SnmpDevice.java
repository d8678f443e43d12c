package ge.wardops.inventory;

/** A device the SNMP collector polls: its labels, the agent's port, its credential, its vendor (for the template). */
public record SnmpDevice(MonitoredDevice device, int port, long credentialId, String vendor) {
}
