/**
 * The SNMP collector's engine: polls a batch of devices over one snmp4j session (v2c and v3 USM,
 * asynchronous GET and GETBULK walks, many requests in flight) and turns counters into rates.
 * Plain classes with no container annotations; the probe timers own scheduling, storage and state.
 */
package ge.wardops.probe.snmp;
