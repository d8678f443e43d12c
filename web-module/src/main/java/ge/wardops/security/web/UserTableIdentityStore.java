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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The identity store over the users table. A PBKDF2 check costs a large fraction of a second by
 * design, too much for every call of an API client that sends Basic credentials each time, so a
 * successful check is remembered for a minute under a salted digest of user and password (never
 * the password itself); failures are never remembered and always reach the lockout count.
 */
@ApplicationScoped
public class UserTableIdentityStore implements IdentityStore {

    private static final long REMEMBER_MILLIS = 60_000;
    private static final int REMEMBER_MAX = 10_000;

    private record Remembered(SignIn.Caller caller, long until) {
    }

    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();
    private final byte[] salt = new SecureRandom().generateSeed(32);

    @EJB
    SignIn users;

    @Inject
    RequestOrigin origin;

    @Inject
    LdapDirectory ldap;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential up)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String key = digest(up.getCaller(), up.getPasswordAsString());
        Remembered hit = recent.get(key);
        long now = System.currentTimeMillis();
        if (hit != null && hit.until() > now) {
            return valid(hit.caller());
        }
        if (ldap.enabled() && !users.exists(up.getCaller())) {
            // Not a local user: the LDAP store decides (and audits).
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        Optional<SignIn.Caller> caller = users.authenticate(up.getCaller(), up.getPassword().getValue(), clientAddress());
        if (caller.isEmpty()) {
            recent.remove(key);
            return CredentialValidationResult.INVALID_RESULT;
        }
        if (recent.size() >= REMEMBER_MAX) {
            recent.clear();
        }
        recent.put(key, new Remembered(caller.get(), now + REMEMBER_MILLIS));
        return valid(caller.get());
    }

    /** Forgets every remembered login of {@code username}: its password changed, or it was logged out everywhere. */
    public void forget(String username) {
        recent.values().removeIf(r -> r.caller().username().equalsIgnoreCase(username));
    }

    private static CredentialValidationResult valid(SignIn.Caller caller) {
        return new CredentialValidationResult(caller.username(), caller.roles());
    }

    private String clientAddress() {
        try {
            return origin.clientAddress();
        } catch (ContextNotActiveException e) {
            return null;
        }
    }

    private String digest(String user, String password) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update(String.valueOf(user).toLowerCase().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(String.valueOf(password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
