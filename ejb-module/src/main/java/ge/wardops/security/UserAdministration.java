package ge.wardops.security;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.DraftValidation;
import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * User administration (users.manage): lists, creates and changes users, lifts lockouts and
 * resets passwords, each audited; and the first administrator's account on a new installation.
 */
@Stateless
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class UserAdministration extends UserAccounts {

    @Inject
    DraftValidation validation;

    @Inject
    PasswordPolicy policy;

    @Inject
    Permissions permissions;

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
        audit.record(AuditEntry.created("user", user.getId(), summary(user)));
        return user.getId();
    }

    /** Every user, without password hashes, by name. */
    public List<UserSummary> list() {
        permissions.require(caller, Permissions.USERS_MANAGE);
        return em.createQuery("select u from UserAccount u order by lower(u.username)", UserAccount.class).getResultList().stream()
                .map(UserAccounts::summary)
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
        return find(draft.username()).map(UserAccounts::summary).orElseThrow();
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
        audit.record(AuditEntry.updated("user", user.getId(), before, summary(user)));
        return summary(user);
    }

    /** Lifts a lockout before its time. */
    public UserSummary unlock(String username) {
        permissions.require(caller, Permissions.USERS_MANAGE);
        UserAccount user = existing(username);
        UserSummary before = summary(user);
        user.lockUntil(null);
        audit.record(AuditEntry.of(AuditAction.UNLOCK, "user", user.getId()).states(before, summary(user)));
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
        audit.record(AuditEntry.of(AuditAction.PASSWORD_RESET, "user", user.getId())
                .withDetails("must change at next login"));
        return summary(user);
    }

    public long count() {
        return em.createQuery("select count(u) from UserAccount u", Long.class).getSingleResult();
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

    /** What the audit log keeps of a user: never the hash. */
    public record UserSummary(String username, String displayName, Set<String> roles, Set<Long> regionIds,
                              boolean enabled, boolean mustChangePassword, Instant lockedUntil, long version) {
    }
}
