package ge.wardops.security;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the role_permissions table for {@link Permissions}. An EJB on purpose: the container
 * resolves its persistence unit in this module's naming context whoever calls it first. A CDI bean
 * holding the EntityManager itself resolved it in the first caller's module, and after a restart
 * that was the console (the web module, which has no persistence unit): every console page
 * answered 500 with "Unable to retrieve EntityManagerFactory for unitName null".
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class RolePermissionRows {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    /** Role name → its permissions, as stored now. */
    public Map<String, Set<String>> byRole() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("SELECT role_name, permission_name FROM role_permissions").getResultList();
        Map<String, Set<String>> loaded = new HashMap<>();
        for (Object[] row : rows) {
            loaded.computeIfAbsent((String) row[0], r -> new HashSet<>()).add((String) row[1]);
        }
        loaded.replaceAll((role, perms) -> Set.copyOf(perms));
        return Map.copyOf(loaded);
    }
}
