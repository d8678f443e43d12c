package ge.wardops.security;

import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which fine-grained permissions each role carries, read from the role_permissions table (seeded
 * by V2) and kept in memory for {@code wardops.permissions.cache-seconds}: an administrator can
 * change the mapping in the database and every node follows within that time, without a restart.
 * Services ask {@link #require} where a role check would otherwise be hard-coded.
 */
@ApplicationScoped
public class Permissions {

    public static final String DEVICES_VIEW = "devices.view";
    public static final String DEVICES_EDIT = "devices.edit";
    public static final String ALERTS_ACKNOWLEDGE = "alerts.acknowledge";
    public static final String RULES_EDIT = "rules.edit";
    public static final String REPORTS_GENERATE = "reports.generate";
    public static final String USERS_MANAGE = "users.manage";
    public static final String AUDIT_READ = "audit.read";

    /**
     * The table is read through an EJB so that the console may be the first caller (see
     * {@link RolePermissionRows}); injected by CDI, which finds the EJB by its global name, not
     * through the first caller's naming context.
     */
    @EJB
    RolePermissionRows table;

    @Inject
    SecuritySettings settings;

    private volatile Map<String, Set<String>> byRole;
    private volatile long loadedAt;

    /** The permissions of a caller with {@code roles}. */
    public Set<String> of(Set<String> roles) {
        Map<String, Set<String>> mapping = mapping();
        Set<String> out = new HashSet<>();
        for (String role : roles) {
            out.addAll(mapping.getOrDefault(role, Set.of()));
        }
        return out;
    }

    public boolean allows(Set<String> roles, String permission) {
        return of(roles).contains(permission);
    }

    /** The current EJB caller's roles (the container's view, group = role). */
    public static Set<String> rolesOf(SessionContext caller) {
        Set<String> roles = new HashSet<>();
        for (String role : Roles.ALL) {
            if (caller.isCallerInRole(role)) {
                roles.add(role);
            }
        }
        return roles;
    }

    /** Refuses (403 through the API's mapper, a message in the console) unless the caller has {@code permission}. */
    public void require(SessionContext caller, String permission) {
        if (!allows(rolesOf(caller), permission)) {
            throw new PermissionDeniedException("your role does not allow this (needs the permission " + permission + ")");
        }
    }

    /** Forgets the cached mapping, so the next check reads the table. */
    public void reload() {
        byRole = null;
    }

    private Map<String, Set<String>> mapping() {
        Map<String, Set<String>> current = byRole;
        long now = System.currentTimeMillis();
        if (current == null || now - loadedAt > settings.permissionsCacheSeconds() * 1000L) {
            current = table.byRole();
            byRole = current;
            loadedAt = now;
        }
        return current;
    }
}
