/**
 * What VictoriaMetrics knows of the past, for the API: a device's ping history (RTT, loss,
 * availability) and SNMP interface traffic and the fleet's availability per window for the summaries; the range rules, bounded
 * caches with single-flight in front of the reads, and circuit breakers so that a VictoriaMetrics
 * outage answers fast instead of holding request threads. Scope is its callers' job.
 */
package ge.wardops.history;
