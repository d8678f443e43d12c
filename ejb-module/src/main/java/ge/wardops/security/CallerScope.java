package ge.wardops.security;

import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.security.Principal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides the regional scope of the current caller: the one place regional scoping is decided,
 * so REST, console, feeds and exports cannot disagree.
 */
@Stateless
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class CallerScope {

    /** The roles that see every region, most common first. */
    private static final List<String> UNSCOPED = List.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.AUDITOR);

    @Resource
    SessionContext session;

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    public RegionScope regions() {
        Principal caller = session.getCallerPrincipal();
        if (caller == null || "ANONYMOUS".equalsIgnoreCase(caller.getName())) {
            // Nobody logged in sees nothing; system work (start-up, timers) names its scope itself.
            return RegionScope.NOTHING;
        }
        // Each role check is a policy decision of the container: ask for the roles that see every
        // region first and stop at the first one held (one check for most callers).
        for (String role : UNSCOPED) {
            if (session.isCallerInRole(role)) {
                return RegionScope.EVERYTHING;
            }
        }
        return session.isCallerInRole(Roles.REGIONAL_MANAGER)
                ? regionsOf(caller.getName(), Set.of(Roles.REGIONAL_MANAGER)) : RegionScope.NOTHING;
    }

    /**
     * The scope of a caller named explicitly, for work that runs without the caller's identity on
     * its thread: the WebSocket feed decides it at the handshake from the upgrade request's
     * principal and roles, since its later callbacks may not carry them.
     */
    public RegionScope regionsOf(String username, Set<String> roles) {
        if (username == null || roles.isEmpty()) {
            return RegionScope.NOTHING;
        }
        if (UNSCOPED.stream().anyMatch(roles::contains)) {
            return RegionScope.EVERYTHING;
        }
        if (roles.contains(Roles.REGIONAL_MANAGER)) {
            List<Long> ids = new ArrayList<>(em.createQuery(
                            "select r from UserAccount u join u.regionIds r where lower(u.username) = lower(:name)", Long.class)
                    .setParameter("name", username)
                    .getResultList());
            boolean local = !ids.isEmpty() || !em.createQuery("select u.id from UserAccount u where lower(u.username) = lower(:name)", Long.class)
                    .setParameter("name", username).setMaxResults(1).getResultList().isEmpty();
            if (!local) {
                // A directory user (local users win over directory users of the same name): the
                // regions their groups gave at their last login (wardops.ldap.group-regions).
                @SuppressWarnings("unchecked")
                List<Number> directory = em.createNativeQuery("SELECT r.id FROM regions r JOIN directory_user_regions d "
                                + "ON d.region_code = r.code WHERE d.username = lower(?1)")
                        .setParameter(1, username).getResultList();
                directory.forEach(id -> ids.add(id.longValue()));
            }
            return RegionScope.of(new HashSet<>(ids));
        }
        return RegionScope.NOTHING;
    }
}
