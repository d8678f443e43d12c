/**
 * Availability probing: a whole batch of devices in, one result per device out (sent, received,
 * round-trip times), by as few fping processes as the batch needs; and the timers that call it
 * (AvailabilityRounds, which decides up/down with the state capability's debounce and confirms what a
 * round left undecided at once, RoundConfirmation). The probers themselves must not decide state,
 * store samples or read the inventory.
 */
package ge.wardops.probe;
