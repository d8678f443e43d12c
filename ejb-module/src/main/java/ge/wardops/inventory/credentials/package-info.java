/**
 * SNMP credentials of the inventory: named v2c communities and v3 USM users that devices refer
 * to, their secrets encrypted at rest (security.SecretBox) and never shown again once saved. The
 * only way out for a secret is {@code SnmpCredentialStore.decrypted}, for the SNMP collector, as
 * {@link ge.wardops.inventory.credentials.SnmpCredentials} (which probe.snmp takes; this package
 * depends on no probe class);
 * this package must not poll devices itself (that is probe.snmp's, which takes the result).
 */
package ge.wardops.inventory.credentials;
