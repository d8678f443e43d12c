/**
 * Availability probing: a whole batch of devices in, one result per device out (sent, received,
 * round-trip times), by as few fping processes as the batch needs. Must not decide up/down state,
 * store samples or read the inventory; the timers that call it do that.
 */
package ge.wardops.probe;
