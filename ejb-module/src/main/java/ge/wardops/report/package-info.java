/**
 * Exports of what operators see (the device list as CSV), each scoped to the caller's regions and
 * audited as an export. Reads through the inventory and status services; changes nothing else.
 */
package ge.wardops.report;
