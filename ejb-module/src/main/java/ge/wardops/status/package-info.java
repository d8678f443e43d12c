/**
 * The live read path for dashboards, lists and integrations: the fleet as it stands now, from
 * the in-memory device states and an in-memory copy of the inventory, scoped to the caller's
 * regions, with no database round trip per request. Must not change anything.
 */
package ge.wardops.status;
