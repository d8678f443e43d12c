package ge.wardops.security.web;

import ge.wardops.audit.RequestOrigin;
import ge.wardops.security.LdapDirectory;
import ge.wardops.security.SignIn;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

/**
 * The LDAP / Active Directory store, asked after the users table (priority 200 > 100) and only
 * for names the table does not know, when {@code wardops.ldap.url} is set. Every answer is
 * audited as a login; a directory that cannot be reached refuses the login (never lets it in).
 */
@ApplicationScoped
public class LdapIdentityStore implements IdentityStore {

    @Inject
    LdapDirectory directory;

    @EJB
    SignIn users;

    @Inject
    RequestOrigin origin;

    @Override
    public int priority() {
        return 200;
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!directory.enabled() || !(credential instanceof UsernamePasswordCredential up) || users.exists(up.getCaller())) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        LdapDirectory.Outcome outcome = directory.authenticate(up.getCaller(), up.getPassword().getValue());
        if (outcome instanceof LdapDirectory.Valid valid) {
            users.directoryLogin(valid.username(), true, "roles " + valid.roles() + ", regions " + valid.regionCodes(), clientAddress());
            users.directoryRegions(valid.username(), valid.regionCodes());
            return new CredentialValidationResult(valid.username(), valid.roles());
        }
        String reason = outcome instanceof LdapDirectory.Invalid invalid ? invalid.reason() : ((LdapDirectory.Unavailable) outcome).reason();
        users.directoryLogin(up.getCaller(), false, reason, clientAddress());
        return CredentialValidationResult.INVALID_RESULT;
    }

    private String clientAddress() {
        try {
            return origin.clientAddress();
        } catch (ContextNotActiveException e) {
            return null;
        }
    }
}
