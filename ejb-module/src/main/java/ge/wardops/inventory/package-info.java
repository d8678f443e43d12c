/**
 * What the bank owns and where: regions, branches and devices, their validation and their
 * changes (each audited), and the devices the probe rounds work on ({@link ge.wardops.inventory.MonitoredDevices}).
 * Must not probe devices or hold their live status; that is the probe capability's, which asks this
 * inventory. Must not read other capabilities' tables: before deleting a device it asks them
 * ({@link ge.wardops.shared.DeviceReferences}).
 */
package ge.wardops.inventory;
