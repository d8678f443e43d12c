/**
 * Alerting: rules (fixed kinds and expressions, see {@link ge.wardops.alerting.expression}), their
 * evaluation once per probe round over the whole fleet in memory ({@link ge.wardops.alerting.AlertEngine}),
 * the alert lifecycle (firing, acknowledged, resolved; dependencies, maintenance, flapping) and the
 * {@link ge.wardops.alerting.AlertTransition} event everything else observes; other capabilities
 * ask {@link ge.wardops.alerting.AlertingLookups} instead of reading its tables. Must not probe, notify
 * or render: notifications and feeds observe the event.
 */
package ge.wardops.alerting;
