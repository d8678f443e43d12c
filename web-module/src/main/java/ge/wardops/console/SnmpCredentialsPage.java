package ge.wardops.console;

import ge.wardops.inventory.credentials.SnmpCredentialDraft;
import ge.wardops.inventory.credentials.SnmpCredentialStore;
import ge.wardops.inventory.credentials.SnmpCredentialView;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * The SNMP credentials table and its create/edit dialog. Secrets typed into the dialog live in
 * this bean only until the save (success or not), and are never filled back in: a field left
 * empty on an edit keeps the stored secret.
 */
@Named
@ViewScoped
public class SnmpCredentialsPage implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final Map<String, String> INPUTS = Map.ofEntries(
            Map.entry("name", "credentialForm:name"), Map.entry("snmpVersion", "credentialForm:snmpVersion"),
            Map.entry("community", "credentialForm:community"), Map.entry("username", "credentialForm:username"),
            Map.entry("securityLevel", "credentialForm:securityLevel"), Map.entry("authProtocol", "credentialForm:authProtocol"),
            Map.entry("authPassphrase", "credentialForm:authPassphrase"), Map.entry("privProtocol", "credentialForm:privProtocol"),
            Map.entry("privPassphrase", "credentialForm:privPassphrase"));

    @EJB
    SnmpCredentialStore store;

    @Inject
    ServiceErrors errors;

    private transient List<SnmpCredentialView> credentials;

    /** The credential being edited; id null while creating one. */
    private Long editedId;
    private Long version;
    private String name;
    private String snmpVersion = SnmpCredentialDraft.V2C;
    private String username;
    private String securityLevel = SnmpCredentialDraft.AUTH_PRIV;
    private String authProtocol = "SHA256";
    private String privProtocol = "AES128";
    private boolean communitySet;
    private boolean authPassphraseSet;
    private boolean privPassphraseSet;

    // Transient: never written with the session to disk.
    private transient String community;
    private transient String authPassphrase;
    private transient String privPassphrase;

    public List<SnmpCredentialView> getCredentials() {
        if (credentials == null) {
            credentials = store.list();
        }
        return credentials;
    }

    public void startCreate() {
        editedId = null;
        version = null;
        name = null;
        snmpVersion = SnmpCredentialDraft.V2C;
        username = null;
        securityLevel = SnmpCredentialDraft.AUTH_PRIV;
        authProtocol = "SHA256";
        privProtocol = "AES128";
        communitySet = false;
        authPassphraseSet = false;
        privPassphraseSet = false;
        forgetSecrets();
    }

    public void startEdit(SnmpCredentialView c) {
        editedId = c.id();
        version = c.version();
        name = c.name();
        snmpVersion = c.snmpVersion();
        username = c.username();
        securityLevel = c.securityLevel() == null ? SnmpCredentialDraft.AUTH_PRIV : c.securityLevel();
        authProtocol = c.authProtocol() == null ? "SHA256" : c.authProtocol();
        privProtocol = c.privProtocol() == null ? "AES128" : c.privProtocol();
        communitySet = c.communitySet();
        authPassphraseSet = c.authPassphraseSet();
        privPassphraseSet = c.privPassphraseSet();
        forgetSecrets();
    }

    public void save() {
        // Only what the chosen version and level use is sent: the service refuses settings that do not apply.
        boolean v3 = SnmpCredentialDraft.V3.equals(snmpVersion);
        boolean auth = v3 && !SnmpCredentialDraft.NO_AUTH_NO_PRIV.equals(securityLevel);
        boolean priv = v3 && SnmpCredentialDraft.AUTH_PRIV.equals(securityLevel);
        SnmpCredentialDraft draft = new SnmpCredentialDraft(name, snmpVersion, v3 ? null : community, v3 ? username : null,
                v3 ? securityLevel : null, auth ? authProtocol : null, auth ? authPassphrase : null,
                priv ? privProtocol : null, priv ? privPassphrase : null, version);
        errors.attempt(INPUTS, () -> {
            SnmpCredentialView saved = editedId == null ? store.create(draft) : store.update(editedId, draft);
            String done = "SNMP credential '" + saved.name() + "' " + (editedId == null ? "created." : "saved.");
            startEdit(saved);
            credentials = null;
            return done;
        });
        forgetSecrets();
    }

    public void delete(SnmpCredentialView c) {
        errors.attempt(Map.of(), () -> {
            store.delete(c.id());
            credentials = null;
            return "SNMP credential '" + c.name() + "' deleted.";
        });
    }

    private void forgetSecrets() {
        community = null;
        authPassphrase = null;
        privPassphrase = null;
    }

    public boolean isCreating() { return editedId == null; }
    public boolean isV3() { return SnmpCredentialDraft.V3.equals(snmpVersion); }
    public boolean isAuthUsed() { return isV3() && !SnmpCredentialDraft.NO_AUTH_NO_PRIV.equals(securityLevel); }
    public boolean isPrivUsed() { return isV3() && SnmpCredentialDraft.AUTH_PRIV.equals(securityLevel); }
    public boolean isCommunitySet() { return communitySet; }
    public boolean isAuthPassphraseSet() { return authPassphraseSet; }
    public boolean isPrivPassphraseSet() { return privPassphraseSet; }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getSnmpVersion() { return snmpVersion; }
    public void setSnmpVersion(String snmpVersion) { this.snmpVersion = snmpVersion; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getSecurityLevel() { return securityLevel; }
    public void setSecurityLevel(String securityLevel) { this.securityLevel = securityLevel; }
    public String getAuthProtocol() { return authProtocol; }
    public void setAuthProtocol(String authProtocol) { this.authProtocol = authProtocol; }
    public String getPrivProtocol() { return privProtocol; }
    public void setPrivProtocol(String privProtocol) { this.privProtocol = privProtocol; }
    // Write-only from the page's point of view: the getters answer null so a secret is never rendered back.
    public String getCommunity() { return null; }
    public void setCommunity(String community) { this.community = community; }
    public String getAuthPassphrase() { return null; }
    public void setAuthPassphrase(String authPassphrase) { this.authPassphrase = authPassphrase; }
    public String getPrivPassphrase() { return null; }
    public void setPrivPassphrase(String privPassphrase) { this.privPassphrase = privPassphrase; }
}
