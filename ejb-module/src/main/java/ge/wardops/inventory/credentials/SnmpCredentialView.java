package ge.wardops.inventory.credentials;

import java.time.Instant;

/**
 * An SNMP credential as callers see it: its settings and whether each secret is set, never a
 * secret. Also what the audit log records as before and after.
 */
public record SnmpCredentialView(long id, String name, String snmpVersion, String username, String securityLevel,
                                 String authProtocol, String privProtocol, boolean communitySet,
                                 boolean authPassphraseSet, boolean privPassphraseSet, long deviceCount,
                                 Instant createdAt, Instant updatedAt, long version) {

    static SnmpCredentialView of(SnmpCredential c, long deviceCount) {
        return new SnmpCredentialView(c.getId(), c.getName(), c.getSnmpVersion(), c.getUsername(), c.getSecurityLevel(),
                c.getAuthProtocol(), c.getPrivProtocol(), c.sealedCommunity() != null,
                c.sealedAuthPassphrase() != null, c.sealedPrivPassphrase() != null, deviceCount,
                c.getCreatedAt(), c.getUpdatedAt(), c.getVersion());
    }
}
