/**
 * The live read path for dashboards, lists, summaries and integrations: the fleet as it stands
 * now, from the in-memory device states and an in-memory copy of the inventory, joined once per
 * probe round, paged and summarized in memory, scoped to the caller's regions, with no database
 * round trip per request (availability comes from history's cache, the open-alert count from
 * alerting's {@code AlertingLookups}). Must not change anything, nor read the alerts' tables itself.
 */
package ge.wardops.fleet;
