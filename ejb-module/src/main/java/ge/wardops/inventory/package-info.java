/**
 * What the bank owns and where: regions, branches and devices, their validation and their
 * changes (each audited). Must not probe devices or hold their live status; that is the probe
 * capability's, which reads this inventory.
 */
package ge.wardops.inventory;
