package ge.wardops.security;

import ge.wardops.audit.AuditLog;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What signing in, user administration and one's own account share: the users table, the
 * password hashing, the audit log, finding an account by name and what may be shown of it.
 */
abstract class UserAccounts {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    PasswordHashing passwords;

    @EJB
    AuditLog audit;

    @Resource
    SessionContext caller;

    UserAccount existing(String username) {
        return find(username).orElseThrow(() -> new UnknownEntityException("user", username));
    }

    String callerName() {
        Principal p = caller.getCallerPrincipal();
        return p == null || "ANONYMOUS".equalsIgnoreCase(p.getName()) ? null : p.getName();
    }

    static UserAdministration.UserSummary summary(UserAccount u) {
        return new UserAdministration.UserSummary(u.getUsername(), u.getDisplayName(), u.getRoles(), u.getRegionIds(), u.isEnabled(),
                u.isMustChangePassword(), u.getLockedUntil() != null && u.getLockedUntil().isAfter(Instant.now()) ? u.getLockedUntil() : null,
                u.getVersion());
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
}
