package ge.wardops.security;

import ge.wardops.audit.AuditLog;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.DraftValidation;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * User accounts: checks a login, counts failures and locks an account that keeps failing, and
 * creates users. Every login, good or bad, is audited.
 */
@Stateless
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class UserDirectory {

    /** Who logged in and which roles (= Jakarta EE groups) they carry. */
    public record Caller(String username, Set<String> roles, boolean mustChangePassword) {
    }

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    PasswordHashing passwords;

    @Inject
    AuditLog audit;

    @Inject
    DraftValidation validation;

    @Inject
    PasswordPolicy policy;

    @Inject
    Permissions permissions;

    @Resource
    SessionContext caller;

    @Inject
    SecuritySettings settings;

    /** The caller if the password is right and the account usable; empty otherwise (and audited). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<Caller> authenticate(String username, char[] password, String clientAddress) {
        Optional<UserAccount> found = find(username);
        if (found.isEmpty()) {
            // Spend the same time as a real check so that timing does not reveal who exists.
            passwords.matches(password, DUMMY_HASH);
            audit.recordAs(clip(username), "LOGIN_FAILED", "user", null, null, null, null, "unknown user from " + clientAddress);
            return Optional.empty();
        }
        UserAccount user = found.get();
        Instant now = Instant.now();
        if (user.getLockedUntil() != null && user.getLockedUntil().isAfter(now)) {
            // The same PBKDF2 work as a wrong password, so timing does not tell a locked account.
            passwords.matches(password, user.getPasswordHash());
            audit.recordAs(user.getUsername(), "LOGIN_REFUSED", "user", user.getId(), null, null, null, "account locked until " + user.getLockedUntil() + ", from " + clientAddress);
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
            audit.recordAs(user.getUsername(), "LOGIN_FAILED", "user", user.getId(), null, null, null, details);
            return Optional.empty();
        }
        // Not through the entity: that would raise its version, and parallel logins of one user
        // (a console page's several requests, an API client's parallel calls) would fail each
        // other with an optimistic-lock error (a 500), as would an administrator's edit of the user.
        em.createQuery("update UserAccount u set u.failedLogins = 0, u.lastLoginAt = :now where u.id = :id")
                .setParameter("now", now).setParameter("id", user.getId()).executeUpdate();
        audit.recordAs(user.getUsername(), "LOGIN", "user", user.getId(), null, null, null, "from " + clientAddress);
        return Optional.of(new Caller(user.getUsername(), user.getRoles(), user.isMustChangePassword()));
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
        audit.recordAs(clip(username), ok ? "LOGIN" : "LOGIN_FAILED", "user", null, null, null, null,
                "LDAP: " + details + ", from " + clientAddress);
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

    /** Creates a user; the password is hashed here and never stored or logged in clear. */
    public long create(String username, char[] password, String displayName, Set<String> roles,
                       Set<Long> regionIds, boolean mustChangePassword) {
        if (find(username).isPresent()) {
            throw new ConflictException("username", "user '" + username + "' already exists");
        }
        if (!Roles.ALL.containsAll(roles)) {
            throw new ConflictException("roles", "unknown role among " + roles + "; roles are " + Roles.ALL);
        }
        UserAccount user = new UserAccount(username, passwords.hash(password), displayName, roles, regionIds);
        user.mustChangePassword(mustChangePassword);
        em.persist(user);
        em.flush();
        audit.record("CREATE", "user", user.getId(), null, null, summary(user), null);
        return user.getId();
    }

    /** Every user, without password hashes, by name. */
    public List<UserSummary> list() {
        permissions.require(caller, Permissions.USERS_MANAGE);
        return em.createQuery("select u from UserAccount u order by lower(u.username)", UserAccount.class).getResultList().stream()
                .map(UserDirectory::summary)
                .toList();
    }

    /** One user, for the administrators' page. */
    public UserSummary get(String username) {
        permissions.require(caller, Permissions.USERS_MANAGE);
        return summary(existing(username));
    }

    /**
     * Creates a user on an administrator's request, checking the draft like every other input and
     * the password against the policy. The user must change the password at the first login
     * when the draft asks for it (the console's form does by default).
     */
    public UserSummary create(UserDraft draft) {
        permissions.require(caller, Permissions.USERS_MANAGE);
        validation.check(draft);
        Set<Long> regions = checkedRegions(draft.roles(), draft.regionIds());
        policy.check("password", draft.username(), draft.password().toCharArray());
        create(draft.username().strip(), draft.password().toCharArray(), draft.displayName(), Set.copyOf(draft.roles()), regions,
                Boolean.TRUE.equals(draft.mustChangePassword()));
        return find(draft.username()).map(UserDirectory::summary).orElseThrow();
    }

    /** Changes roles, regions, display name and whether the account may log in; audited with before and after. */
    public UserSummary update(String username, UserChange change) {
        permissions.require(caller, Permissions.USERS_MANAGE);
        validation.check(change);
        UserAccount user = existing(username);
        // Two administrators editing one user: the second is refused, not silently overwriting the first.
        user.requireVersion(change.version());
        UserSummary before = summary(user);
        Set<Long> regions = checkedRegions(change.roles(), change.regionIds());
        boolean enabled = change.enabled() == null || change.enabled();
        if (!enabled && user.getUsername().equalsIgnoreCase(callerName())) {
            throw new InvalidInputException("enabled", "you cannot disable your own account");
        }
        if (!change.roles().contains(Roles.ADMIN) && user.getUsername().equalsIgnoreCase(callerName())
                && user.getRoles().contains(Roles.ADMIN)) {
            throw new InvalidInputException("roles", "you cannot take the admin role from yourself");
        }
        user.change(change.displayName(), Set.copyOf(change.roles()), regions, enabled);
        em.flush();
        audit.record("UPDATE", "user", user.getId(), null, before, summary(user), null);
        return summary(user);
    }

    /** Lifts a lockout before its time. */
    public UserSummary unlock(String username) {
        permissions.require(caller, Permissions.USERS_MANAGE);
        UserAccount user = existing(username);
        UserSummary before = summary(user);
        user.lockUntil(null);
        audit.record("UNLOCK", "user", user.getId(), null, before, summary(user), null);
        return summary(user);
    }

    /**
     * Sets a new password chosen by an administrator; the user must change it at the next login,
     * since the administrator knows it. Also lifts a lockout.
     */
    public UserSummary resetPassword(String username, char[] password) {
        permissions.require(caller, Permissions.USERS_MANAGE);
        UserAccount user = existing(username);
        policy.check("password", user.getUsername(), password);
        user.password(passwords.hash(password));
        user.mustChangePassword(true);
        user.lockUntil(null);
        audit.record("PASSWORD_RESET", "user", user.getId(), null, null, null, "must change at next login");
        return summary(user);
    }

    /**
     * The caller changes their own password: the current one must be right, the new one must pass
     * the policy and differ from it. Clears "must change password".
     */
    public void changeOwnPassword(char[] current, char[] next) {
        UserAccount user = existing(callerName());
        if (current == null || !passwords.matches(current, user.getPasswordHash())) {
            audit.record("PASSWORD_CHANGE_FAILED", "user", user.getId(), null, null, null, "wrong current password");
            throw new InvalidInputException("currentPassword", "the current password is not right");
        }
        policy.check("newPassword", user.getUsername(), next);
        if (passwords.matches(next, user.getPasswordHash())) {
            throw new InvalidInputException("newPassword", "the new password must differ from the current one");
        }
        user.password(passwords.hash(next));
        user.mustChangePassword(false);
        audit.record("PASSWORD_CHANGE", "user", user.getId(), null, null, null, null);
    }

    /** Whether {@code username} must change the password before doing anything else; false for unknown users. */
    @PermitAll
    public boolean mustChangePassword(String username) {
        return find(username).map(UserAccount::isMustChangePassword).orElse(false);
    }

    /**
     * Checks that the caller may end every session of {@code username} (their own, or anyone's with
     * users.manage) and records it; answers the stored spelling of the name. The web layer ends
     * the sessions.
     */
    public String logoutEverywhere(String username, boolean revokeTokens) {
        if (username == null || !username.strip().equalsIgnoreCase(callerName())) {
            permissions.require(caller, Permissions.USERS_MANAGE);
        }
        UserAccount user = existing(username);
        int revoked = 0;
        if (revokeTokens) {
            revoked = em.createQuery("update ApiToken t set t.revokedAt = :now where t.user = :u and t.revokedAt is null")
                    .setParameter("now", Instant.now()).setParameter("u", user).executeUpdate();
        }
        audit.record("LOGOUT_EVERYWHERE", "user", user.getId(), null, null, null,
                revokeTokens ? "sessions and feeds ended, " + revoked + " API token(s) revoked" : "sessions and feeds ended");
        return user.getUsername();
    }

    /** Records a console logout of the caller. */
    public void loggedOut() {
        String name = callerName();
        if (name != null) {
            audit.record("LOGOUT", "user", find(name).map(UserAccount::getId).orElse(null), null, null, null, null);
        }
    }

    /** The caller's own account, for the console's account page and GET /users/me. */
    public UserSummary me() {
        return summary(existing(callerName()));
    }

    private Set<Long> checkedRegions(List<String> roles, List<Long> regionIds) {
        if (roles.contains(Roles.REGIONAL_MANAGER) && (regionIds == null || regionIds.isEmpty())) {
            throw new InvalidInputException("regionIds", "a regional manager needs at least one region");
        }
        Set<Long> regions = regionIds == null ? Set.of() : Set.copyOf(regionIds);
        for (Long region : regions) {
            if (em.find(ge.wardops.inventory.Region.class, region) == null) {
                throw new InvalidInputException("regionIds", "region " + region + " does not exist");
            }
        }
        return regions;
    }

    private UserAccount existing(String username) {
        return find(username).orElseThrow(() -> new UnknownEntityException("user", username));
    }

    private String callerName() {
        Principal p = caller.getCallerPrincipal();
        return p == null || "ANONYMOUS".equalsIgnoreCase(p.getName()) ? null : p.getName();
    }

    static UserSummary summary(UserAccount u) {
        return new UserSummary(u.getUsername(), u.getDisplayName(), u.getRoles(), u.getRegionIds(), u.isEnabled(),
                u.isMustChangePassword(), u.getLockedUntil() != null && u.getLockedUntil().isAfter(Instant.now()) ? u.getLockedUntil() : null,
                u.getVersion());
    }

    public long count() {
        return em.createQuery("select count(u) from UserAccount u", Long.class).getSingleResult();
    }

    Optional<UserAccount> find(String username) {
        if (username == null || username.isBlank()) {
            return Optional.empty();
        }
        List<UserAccount> users = em.createQuery(
                        "select u from UserAccount u where lower(u.username) = lower(:name)", UserAccount.class)
                .setParameter("name", username.strip())
                .getResultList();
        return users.stream().findFirst();
    }

    private static String clip(String s) {
        return s == null || s.isBlank() ? "(blank)" : s.length() > 60 ? s.substring(0, 60) : s;
    }

    /** What the audit log keeps of a user: never the hash. */
    public record UserSummary(String username, String displayName, Set<String> roles, Set<Long> regionIds,
                              boolean enabled, boolean mustChangePassword, Instant lockedUntil, long version) {
    }

    // A valid hash of a random password, so that an unknown user costs one full PBKDF2 run.
    private static final String DUMMY_HASH =
            "PBKDF2WithHmacSHA256:210000:7bqXbIrdu1F0Y3dNDZw/oVLiNIkCjOCUB59Zg7QZhqM=:VbrLgUmXM3SC0gbA4jSQQEEWMwOYMPz+DIYtqA1BN5k=";
}
