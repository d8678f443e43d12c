package ge.wardops.security;

import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.security.Principal;
import java.util.HashSet;
import java.util.List;

/**
 * Decides the regional scope of the current caller: the one place regional scoping is decided,
 * so REST, console, feeds and exports cannot disagree.
 */
@Stateless
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class CallerScope {

    @Resource
    SessionContext session;

    @PersistenceContext
    EntityManager em;

    public RegionScope regions() {
        Principal caller = session.getCallerPrincipal();
        if (caller == null || "ANONYMOUS".equalsIgnoreCase(caller.getName())) {
            // Nobody logged in sees nothing; system work (start-up, timers) names its scope itself.
            return RegionScope.NOTHING;
        }
        if (session.isCallerInRole(Roles.ADMIN) || session.isCallerInRole(Roles.OPERATOR)
                || session.isCallerInRole(Roles.AUDITOR) || session.isCallerInRole(Roles.VIEWER)) {
            return RegionScope.EVERYTHING;
        }
        if (session.isCallerInRole(Roles.REGIONAL_MANAGER)) {
            List<Long> ids = em.createQuery(
                            "select r from UserAccount u join u.regionIds r where lower(u.username) = lower(:name)", Long.class)
                    .setParameter("name", caller.getName())
                    .getResultList();
            return RegionScope.of(new HashSet<>(ids));
        }
        return RegionScope.NOTHING;
    }

}
