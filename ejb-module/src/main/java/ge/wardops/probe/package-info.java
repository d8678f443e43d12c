/**
 * Availability probing: a whole batch of devices in, one result per device out (sent, received,
 * round-trip times), by as few fping processes as the batch needs; and the timers that run the ICMP
 * and SNMP rounds, which ask the inventory for the devices to probe ({@code inventory.MonitoredDevices}),
 * hand results to {@code devicestate} (debounce, changes) and samples to {@code metrics}; AvailabilityRounds
 * confirms at once what a round left undecided (RoundConfirmation). Must not read the inventory's
 * tables, nor decide up/down state or store samples itself.
 */
package ge.wardops.probe;
