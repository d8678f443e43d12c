package ge.wardops.security;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.time.Instant;

/**
 * One's own account: reading it, changing one's password, and ending one's sessions everywhere
 * (or, with users.manage, another user's).
 */
@Stateless
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class OwnAccount extends UserAccounts {

    @Inject
    PasswordPolicy policy;

    @Inject
    Permissions permissions;

    /**
     * The caller changes their own password: the current one must be right, the new one must pass
     * the policy and differ from it. Clears "must change password".
     */
    public void changeOwnPassword(char[] current, char[] next) {
        UserAccount user = existing(callerName());
        if (current == null || !passwords.matches(current, user.getPasswordHash())) {
            audit.record(AuditEntry.of(AuditAction.PASSWORD_CHANGE_FAILED, "user", user.getId())
                    .withDetails("wrong current password"));
            throw new InvalidInputException("currentPassword", "the current password is not right");
        }
        policy.check("newPassword", user.getUsername(), next);
        if (passwords.matches(next, user.getPasswordHash())) {
            throw new InvalidInputException("newPassword", "the new password must differ from the current one");
        }
        user.password(passwords.hash(next));
        user.mustChangePassword(false);
        audit.record(AuditEntry.of(AuditAction.PASSWORD_CHANGE, "user", user.getId()));
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
        audit.record(AuditEntry.of(AuditAction.LOGOUT_EVERYWHERE, "user", user.getId())
                .withDetails(revokeTokens ? "sessions and feeds ended, " + revoked + " API token(s) revoked" : "sessions and feeds ended"));
        return user.getUsername();
    }

    /** The caller's own account, for the console's account page and GET /users/me. */
    public UserAdministration.UserSummary me() {
        return summary(existing(callerName()));
    }
}
