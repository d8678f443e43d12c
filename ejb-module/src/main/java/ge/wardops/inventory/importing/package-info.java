/**
 * Bulk import of devices from the CSV files the bank keeps its inventory in: every row checked
 * and reported with its line and reason, then all rows written in one transaction or none.
 * Writes only through the inventory service, so imported devices obey the same rules.
 */
package ge.wardops.inventory.importing;
