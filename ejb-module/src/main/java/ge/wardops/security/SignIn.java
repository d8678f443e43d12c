package ge.wardops.security;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Signing in and out: checks a login, counts failures and locks an account that keeps failing,
 * records logins checked by the LDAP directory and the regions their groups gave, and logouts.
 * Every login, good or bad, is audited.
 */
@Stateless
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class SignIn extends UserAccounts {

    /**
     * Who logged in and which roles (= Jakarta EE groups) they carry. {@code credentialStamp} names
     * the stored password hash the password was verified against (a digest of it, never the hash
     * itself), for {@link #unchanged}; null where no password was checked (an API token).
     */
    public record Caller(String username, Set<String> roles, boolean mustChangePassword, String credentialStamp) {

        public Caller(String username, Set<String> roles, boolean mustChangePassword) {
            this(username, roles, mustChangePassword, null);
        }
    }

    @Inject
    SecuritySettings settings;

    /** The caller if the password is right and the account usable; empty otherwise (and audited). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Caller> authenticate(String username, char[] password, String clientAddress) {
        Optional<UserAccount> found = find(username);
        if (found.isEmpty()) {
            // Spend the same time as a real check so that timing does not reveal who exists.
            passwords.matches(password, DUMMY_HASH);
            audit.recordAs(clip(username), clientAddress, AuditEntry.of(AuditAction.LOGIN_FAILED, "user", null)
                    .withDetails("unknown user from " + clientAddress));
            return Optional.empty();
        }
        UserAccount user = found.get();
        Instant now = Instant.now();
        if (user.getLockedUntil() != null && user.getLockedUntil().isAfter(now)) {
            // The same PBKDF2 work as a wrong password, so timing does not tell a locked account.
            passwords.matches(password, user.getPasswordHash());
            audit.recordAs(user.getUsername(), clientAddress, AuditEntry.of(AuditAction.LOGIN_REFUSED, "user", user.getId())
                    .withDetails("account locked until " + user.getLockedUntil() + ", from " + clientAddress));
            return Optional.empty();
        }
        if (!user.isEnabled() || !passwords.matches(password, user.getPasswordHash())) {
            // Counted in one statement, so parallel failures all count; the row lock it takes
            // orders them, and the one that reaches the limit locks the account.
            em.createQuery("update UserAccount u set u.failedLogins = u.failedLogins + 1 where u.id = :id")
                    .setParameter("id", user.getId()).executeUpdate();
            int failures = em.createQuery("select u.failedLogins from UserAccount u where u.id = :id", Integer.class)
                    .setParameter("id", user.getId()).getSingleResult();
            String details = "bad password from " + clientAddress;
            if (failures >= settings.loginMaxFailures()) {
                details += "; locked for " + settings.loginLockoutMinutes() + " min after " + failures + " failures";
                em.createQuery("update UserAccount u set u.failedLogins = 0, u.lockedUntil = :until where u.id = :id")
                        .setParameter("until", now.plus(Duration.ofMinutes(settings.loginLockoutMinutes()))).setParameter("id", user.getId())
                        .executeUpdate();
            }
            audit.recordAs(user.getUsername(), clientAddress, AuditEntry.of(AuditAction.LOGIN_FAILED, "user", user.getId())
                    .withDetails(details));
            return Optional.empty();
        }
        // Not through the entity: that would raise its version, and parallel logins of one user
        // (a console page's several requests, an API client's parallel calls) would fail each
        // other with an optimistic-lock error (a 500), as would an administrator's edit of the user.
        em.createQuery("update UserAccount u set u.failedLogins = 0, u.lastLoginAt = :now where u.id = :id")
                .setParameter("now", now).setParameter("id", user.getId()).executeUpdate();
        audit.recordAs(user.getUsername(), clientAddress, AuditEntry.of(AuditAction.LOGIN, "user", user.getId())
                .withDetails("from " + clientAddress));
        return Optional.of(caller(user));
    }

    /**
     * A remembered login checked again without PBKDF2: the caller as the users table says now (roles,
     * must-change-password), if the account is still enabled, not locked, and its stored password hash
     * is still the one the password was verified against; empty otherwise, and then only a full
     * {@link #authenticate} may decide. One read by key and {@code last_login_at} moved (an account in
     * steady use should not look dormant), nothing audited: it is no new login, the password was not
     * looked at. The stamp comes from the same read that verified the password, so a change between
     * that read and the remembering is seen here.
     */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Caller> unchanged(Caller remembered) {
        if (remembered.credentialStamp() == null) {
            return Optional.empty();
        }
        byte[] expected = remembered.credentialStamp().getBytes(StandardCharsets.US_ASCII);
        Instant now = Instant.now();
        Optional<UserAccount> same = find(remembered.username())
                .filter(u -> u.isEnabled() && (u.getLockedUntil() == null || !u.getLockedUntil().isAfter(now)))
                .filter(u -> MessageDigest.isEqual(expected, stamp(u.getPasswordHash()).getBytes(StandardCharsets.US_ASCII)));
        same.ifPresent(u -> em.createQuery("update UserAccount u set u.lastLoginAt = :now where u.id = :id")
                .setParameter("now", now).setParameter("id", u.getId()).executeUpdate());
        return same.map(SignIn::caller);
    }

    private static Caller caller(UserAccount user) {
        return new Caller(user.getUsername(), user.getRoles(), user.isMustChangePassword(), stamp(user.getPasswordHash()));
    }

    /** A digest of a stored password hash: the same hash gives the same stamp, any new one (a new salt) another. */
    static String stamp(String passwordHash) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(passwordHash.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a user of this name is in the users table (directory users are not). */
    @PermitAll
    public boolean exists(String username) {
        return find(username).isPresent();
    }

    /** Audits a login checked by the LDAP directory, good or bad, like a local one. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void directoryLogin(String username, boolean ok, String details, String clientAddress) {
        audit.recordAs(clip(username), AuditEntry.of(ok ? AuditAction.LOGIN : AuditAction.LOGIN_FAILED, "user", null)
                .withDetails("LDAP: " + details + ", from " + clientAddress));
    }

    /**
     * Keeps the region codes a directory user's groups gave at this login (table
     * directory_user_regions), which {@link CallerScope} reads for a directory regional manager.
     * Rewritten only when they changed, so a login with the same groups writes nothing.
     */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void directoryRegions(String username, Set<String> regionCodes) {
        String name = username.strip().toLowerCase(Locale.ROOT);
        if (name.length() > 100) {
            return; // longer than any user name: no regions, so a regional manager sees nothing
        }
        @SuppressWarnings("unchecked")
        List<String> stored = em.createNativeQuery("SELECT region_code FROM directory_user_regions WHERE username = ?1")
                .setParameter(1, name).getResultList();
        if (new HashSet<>(stored).equals(regionCodes)) {
            return;
        }
        em.createNativeQuery("DELETE FROM directory_user_regions WHERE username = ?1").setParameter(1, name).executeUpdate();
        for (String code : regionCodes) {
            em.createNativeQuery("INSERT INTO directory_user_regions (username, region_code) VALUES (?1, ?2)")
                    .setParameter(1, name).setParameter(2, code).executeUpdate();
        }
    }

    /** Whether {@code username} must change the password before doing anything else; false for unknown users. */
    @PermitAll
    public boolean mustChangePassword(String username) {
        return find(username).map(UserAccount::isMustChangePassword).orElse(false);
    }

    /** Records a console logout of the caller. */
    public void loggedOut() {
        String name = callerName();
        if (name != null) {
            audit.record(AuditEntry.of(AuditAction.LOGOUT, "user", find(name).map(UserAccount::getId).orElse(null)));
        }
    }

    private static String clip(String s) {
        return s == null || s.isBlank() ? "(blank)" : s.length() > 60 ? s.substring(0, 60) : s;
    }

    // A valid hash of a random password, so that an unknown user costs one full PBKDF2 run.
    private static final String DUMMY_HASH =
            "PBKDF2WithHmacSHA256:210000:7bqXbIrdu1F0Y3dNDZw/oVLiNIkCjOCUB59Zg7QZhqM=:VbrLgUmXM3SC0gbA4jSQQEEWMwOYMPz+DIYtqA1BN5k=";
}
