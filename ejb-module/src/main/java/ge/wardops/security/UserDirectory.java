package ge.wardops.security;

import ge.wardops.audit.AuditLog;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.DraftValidation;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * User accounts: checks a login, counts failures and locks an account that keeps failing, and
 * creates users. Every login, good or bad, is audited.
 */
@Stateless
public class UserDirectory {

    /** Who logged in and which roles (= Jakarta EE groups) they carry. */
    public record Caller(String username, Set<String> roles, boolean mustChangePassword) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    PasswordHashing passwords;

    @Inject
    AuditLog audit;

    @Inject
    DraftValidation validation;

    @Inject
    @ConfigProperty(name = "wardops.login.max-failures", defaultValue = "5")
    int maxFailures;

    @Inject
    @ConfigProperty(name = "wardops.login.lockout-minutes", defaultValue = "15")
    int lockoutMinutes;

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
            audit.recordAs(user.getUsername(), "LOGIN_REFUSED", "user", user.getId(), null, null, null, "account locked until " + user.getLockedUntil() + ", from " + clientAddress);
            return Optional.empty();
        }
        if (!user.isEnabled() || !passwords.matches(password, user.getPasswordHash())) {
            user.failedLogin();
            String details = "bad password from " + clientAddress;
            if (user.getFailedLogins() >= maxFailures) {
                details += "; locked for " + lockoutMinutes + " min after " + user.getFailedLogins() + " failures";
                user.lockUntil(now.plus(Duration.ofMinutes(lockoutMinutes)));
            }
            audit.recordAs(user.getUsername(), "LOGIN_FAILED", "user", user.getId(), null, null, null, details);
            return Optional.empty();
        }
        user.loggedIn();
        audit.recordAs(user.getUsername(), "LOGIN", "user", user.getId(), null, null, null, "from " + clientAddress);
        return Optional.of(new Caller(user.getUsername(), user.getRoles(), user.isMustChangePassword()));
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
        audit.record("CREATE", "user", user.getId(), null, null,
                new UserSummary(user.getUsername(), user.getDisplayName(), user.getRoles(), user.getRegionIds()), null);
        return user.getId();
    }

    /** Every user, without password hashes, by name. */
    @jakarta.annotation.security.RolesAllowed(Roles.ADMIN)
    public List<UserSummary> list() {
        return em.createQuery("select u from UserAccount u order by lower(u.username)", UserAccount.class).getResultList().stream()
                .map(u -> new UserSummary(u.getUsername(), u.getDisplayName(), u.getRoles(), u.getRegionIds()))
                .toList();
    }

    /** Creates a user on an administrator's request, checking the draft like every other input. */
    @jakarta.annotation.security.RolesAllowed(Roles.ADMIN)
    public UserSummary create(UserDraft draft) {
        validation.check(draft);
        if (draft.roles().contains(Roles.REGIONAL_MANAGER) && (draft.regionIds() == null || draft.regionIds().isEmpty())) {
            throw new ge.wardops.shared.InvalidInputException("regionIds", "a regional manager needs at least one region");
        }
        Set<Long> regions = draft.regionIds() == null ? Set.of() : Set.copyOf(draft.regionIds());
        for (Long region : regions) {
            if (em.find(ge.wardops.inventory.Region.class, region) == null) {
                throw new ge.wardops.shared.InvalidInputException("regionIds", "region " + region + " does not exist");
            }
        }
        create(draft.username().strip(), draft.password().toCharArray(), draft.displayName(), Set.copyOf(draft.roles()), regions, true);
        return find(draft.username()).map(u -> new UserSummary(u.getUsername(), u.getDisplayName(), u.getRoles(), u.getRegionIds()))
                .orElseThrow();
    }

    public long count() {
        return em.createQuery("select count(u) from UserAccount u", Long.class).getSingleResult();
    }

    private Optional<UserAccount> find(String username) {
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
    public record UserSummary(String username, String displayName, Set<String> roles, Set<Long> regionIds) {
    }

    // A valid hash of a random password, so that an unknown user costs one full PBKDF2 run.
    private static final String DUMMY_HASH =
            "PBKDF2WithHmacSHA256:210000:7bqXbIrdu1F0Y3dNDZw/oVLiNIkCjOCUB59Zg7QZhqM=:VbrLgUmXM3SC0gbA4jSQQEEWMwOYMPz+DIYtqA1BN5k=";
}
