package ge.wardops.inventory.credentials;

import ge.wardops.shared.NumberedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A named way to authenticate to SNMP agents. The secret columns hold only values sealed by
 * {@link ge.wardops.security.SecretBox}; this class never sees a secret in clear. The v3 columns
 * are named "key" in the schema but hold the sealed passphrases: the poller derives the keys
 * per agent (RFC 3414 A.2), so the passphrase is what must be kept.
 */
@Entity
@Table(name = "snmp_credentials")
public class SnmpCredential extends NumberedEntity {

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "snmp_version", nullable = false, length = 3)
    private String snmpVersion;

    @Column(name = "community_enc")
    private byte[] sealedCommunity;

    @Column(name = "v3_username", length = 100)
    private String username;

    @Column(name = "v3_security_level", length = 12)
    private String securityLevel;

    @Column(name = "v3_auth_protocol", length = 12)
    private String authProtocol;

    @Column(name = "v3_auth_key_enc")
    private byte[] sealedAuthPassphrase;

    @Column(name = "v3_priv_protocol", length = 12)
    private String privProtocol;

    @Column(name = "v3_priv_key_enc")
    private byte[] sealedPrivPassphrase;

    protected SnmpCredential() {
    }

    SnmpCredential(String name) {
        this.name = name;
    }

    void rename(String name) {
        this.name = name;
        touch();
    }

    /** Becomes a v2c community; whatever v3 settings it had are dropped. */
    void useCommunity(byte[] sealedCommunity) {
        this.snmpVersion = SnmpCredentialDraft.V2C;
        this.sealedCommunity = sealedCommunity;
        this.username = null;
        this.securityLevel = null;
        this.authProtocol = null;
        this.sealedAuthPassphrase = null;
        this.privProtocol = null;
        this.sealedPrivPassphrase = null;
        touch();
    }

    /** Becomes a v3 USM user; the protocols and passphrases its level does not use are null. */
    void useUsm(String username, String securityLevel, String authProtocol, byte[] sealedAuthPassphrase,
                String privProtocol, byte[] sealedPrivPassphrase) {
        this.snmpVersion = SnmpCredentialDraft.V3;
        this.sealedCommunity = null;
        this.username = username;
        this.securityLevel = securityLevel;
        this.authProtocol = authProtocol;
        this.sealedAuthPassphrase = sealedAuthPassphrase;
        this.privProtocol = privProtocol;
        this.sealedPrivPassphrase = sealedPrivPassphrase;
        touch();
    }

    public String getName() { return name; }
    public String getSnmpVersion() { return snmpVersion; }
    public String getUsername() { return username; }
    public String getSecurityLevel() { return securityLevel; }
    public String getAuthProtocol() { return authProtocol; }
    public String getPrivProtocol() { return privProtocol; }

    // The sealed values, for the store only: what the database holds, not the secrets.
    byte[] sealedCommunity() { return sealedCommunity; }
    byte[] sealedAuthPassphrase() { return sealedAuthPassphrase; }
    byte[] sealedPrivPassphrase() { return sealedPrivPassphrase; }
}
