package ge.wardops.security.web;

import ge.wardops.audit.RequestOrigin;
import ge.wardops.security.LdapDirectory;
import ge.wardops.security.SignIn;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
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
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The identity store over the users table. A PBKDF2 check costs a large fraction of a second by
 * design, too much for every call of an API client that sends Basic credentials each time, so a
 * successful check is remembered for a minute under a salted digest of user and password (never
 * the password itself); failures are never remembered and always reach the lockout count.
 *
 * <p>A remembered login used in the last quarter of its minute is checked again in the background
 * (once at a time), and the minute starts over when that check succeeds: a client that calls
 * steadily never waits for PBKDF2 again (it used to, once a minute: the one 60–115 ms request of the
 * seed's curl script at 10,000 devices; docs/performance.md, the reading of the 2026-12-06 23:11
 * run). The re-check itself is one read by key, not PBKDF2, while the account is enabled, unlocked
 * and its stored password hash is the one the password was verified against; otherwise the full
 * check decides (PBKDF2 in the background took a CPU for ~0.1 s every 45 s per steady client, beside
 * the requests: the 875-device run of 2026-12-06 23:59). What a minute bounds is unchanged: a
 * password changed, an account disabled or locked on another node or in the database stops a
 * remembered login within 60 s, because a failed re-check forgets it at once and nothing extends a
 * login that was not checked again; roles changed there apply from the next re-check.
 */
@ApplicationScoped
public class UserTableIdentityStore implements IdentityStore {

    private static final Logger LOG = Logger.getLogger(UserTableIdentityStore.class.getName());

    static final long REMEMBER_MILLIS = 60_000;
    /** From this age on, a use of a remembered login starts its re-check in the background. */
    static final long REFRESH_AFTER_MILLIS = 45_000;
    private static final int REMEMBER_MAX = 10_000;

    private record Remembered(SignIn.Caller caller, long until) {
    }

    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();
    /** Keys whose re-check is running. */
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();
    /** Moved by every {@link #forget}: a check that began before it must not remember its result. */
    private final AtomicLong forgets = new AtomicLong();
    private final byte[] salt = new SecureRandom().generateSeed(32);

    /** For tests: the clock the minute is measured with. */
    LongSupplier clock = System::currentTimeMillis;

    @EJB
    SignIn users;

    @Inject
    RequestOrigin origin;

    @Inject
    LdapDirectory ldap;

    @Resource
    ManagedExecutorService executor;

    /** For tests: where re-checks run. */
    Executor background() {
        return executor;
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential up)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String key = digest(up.getCaller(), up.getPasswordAsString());
        Remembered hit = recent.get(key);
        long now = clock.getAsLong();
        if (hit != null && hit.until() > now) {
            if (hit.until() - now <= REMEMBER_MILLIS - REFRESH_AFTER_MILLIS && refreshing.add(key)) {
                checkLater(key, hit.caller(), up.getPassword().getValue().clone(), clientAddress());
            }
            return valid(hit.caller());
        }
        if (ldap.enabled() && !users.exists(up.getCaller())) {
            // Not a local user: the LDAP store decides (and audits).
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return check(key, up.getCaller(), up.getPassword().getValue(), clientAddress())
                .map(UserTableIdentityStore::valid).orElse(CredentialValidationResult.INVALID_RESULT);
    }

    /** The PBKDF2 check (audited, counted by SignIn); remembers a success, forgets a failure. */
    private Optional<SignIn.Caller> check(String key, String username, char[] password, String address) {
        long forgetsBefore = forgets.get();
        Optional<SignIn.Caller> caller = users.authenticate(username, password, address);
        if (caller.isEmpty()) {
            recent.remove(key);
            return caller;
        }
        remember(key, caller.get(), forgetsBefore);
        return caller;
    }

    /**
     * The re-check: without PBKDF2 while the account is as it was when the password was verified
     * (SignIn.unchanged: one read by key), the full check when it is not (a new password hash, disabled,
     * locked), which then decides, audits and counts a failure as before.
     */
    private void recheck(String key, SignIn.Caller remembered, char[] password, String address) {
        long forgetsBefore = forgets.get();
        Optional<SignIn.Caller> same = users.unchanged(remembered);
        if (same.isPresent()) {
            remember(key, same.get(), forgetsBefore);
        } else {
            check(key, remembered.username(), password, address);
        }
    }

    private void remember(String key, SignIn.Caller caller, long forgetsBefore) {
        if (recent.size() >= REMEMBER_MAX) {
            recent.clear();
        }
        recent.put(key, new Remembered(caller, clock.getAsLong() + REMEMBER_MILLIS));
        // After the put: a forget() that ran meanwhile has either removed it or is seen here.
        if (forgets.get() != forgetsBefore) {
            recent.remove(key);
        }
    }

    private void checkLater(String key, SignIn.Caller remembered, char[] password, String address) {
        try {
            background().execute(() -> {
                try {
                    recheck(key, remembered, password, address);
                } catch (RuntimeException e) {
                    recent.remove(key);
                    LOG.log(Level.WARNING, "Checking a remembered login of " + remembered.username() + " again failed; it is forgotten", e);
                } finally {
                    Arrays.fill(password, '\0');
                    refreshing.remove(key);
                }
            });
        } catch (RejectedExecutionException e) {
            // It expires as before: the first call after that checks on its own thread.
            Arrays.fill(password, '\0');
            refreshing.remove(key);
        }
    }

    /** Forgets every remembered login of {@code username}: its password changed, or it was logged out everywhere. */
    public void forget(String username) {
        forgets.incrementAndGet();
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
