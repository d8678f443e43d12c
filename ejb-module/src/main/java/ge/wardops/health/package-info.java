/**
 * Whether this node works, in verdicts a load balancer and a person can act on: PostgreSQL,
 * VictoriaMetrics (and the spool while it is away), the availability rounds, the SNMP collector, the
 * notification queue and the audit chain. It reads the other capabilities' own state and never
 * changes it; the MicroProfile Health checks, /api/v1/health and the console's banner adapt it.
 */
package ge.wardops.health;
