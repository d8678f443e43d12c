/**
 * Events the devices send: SNMP traps and informs ({@link ge.wardops.events.TrapListener}) and syslog
 * ({@link ge.wardops.events.SyslogListener}) received on sockets of their own, bounded and rate-limited
 * per source ({@link ge.wardops.events.EventIntake}), matched to the inventory by source address and
 * decoded with the MIBs of {@link ge.wardops.events.MibLibrary} (bundled standard, Cisco and Fortinet ones and
 * administrators' files, compiled by jsmiparser), stored in batches in the day-partitioned {@code events} table; the {@link ge.wardops.events.EventsStored}
 * CDI event tells the feed and the event rules. Must not block a receiver thread on the database,
 * probe, or write alerts itself (rules hand conditions to alerting).
 */
package ge.wardops.events;
