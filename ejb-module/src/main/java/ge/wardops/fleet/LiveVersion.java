package ge.wardops.fleet;

import ge.wardops.security.RegionScope;

/**
 * The inputs of a caller's live answers: its scope, the inventory copy, the device states and the
 * open-alert count. Two equal versions give byte-identical list and stats answers.
 */
public record LiveVersion(RegionScope scope, long inventoryGeneration, long statesVersion, long activeAlerts) {
}
