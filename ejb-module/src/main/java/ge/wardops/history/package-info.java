/**
 * A device's ping history (RTT, loss, availability) and SNMP interface traffic read from
 * VictoriaMetrics for the API and the console: the
 * range rules, a bounded cache with single-flight in front of the reads, and a circuit breaker
 * so that a VictoriaMetrics outage answers fast instead of holding request threads.
 */
package ge.wardops.history;
