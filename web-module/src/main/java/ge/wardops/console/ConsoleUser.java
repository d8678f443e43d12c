package ge.wardops.console;

import ge.wardops.security.Permissions;
import ge.wardops.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.HashSet;
import java.util.Set;

/**
 * What the logged-in user may do, for showing or hiding actions. Only cosmetic: the services
 * check the roles again on every call.
 */
@Named
@RequestScoped
public class ConsoleUser {

    @Inject
    FacesContext faces;

    @Inject
    Permissions permissions;

    /** Admins and operators change the inventory and import files. */
    public boolean isCanEdit() {
        var ext = faces.getExternalContext();
        return ext.isUserInRole(Roles.ADMIN) || ext.isUserInRole(Roles.OPERATOR);
    }

    /** Only admins manage notification channels (the service checks again). */
    public boolean isCanManageChannels() {
        return faces.getExternalContext().isUserInRole(Roles.ADMIN);
    }

    /** Admins and auditors read the audit log (the page itself is closed to everyone else in web.xml). */
    public boolean isCanReadAudit() {
        var ext = faces.getExternalContext();
        return ext.isUserInRole(Roles.ADMIN) || ext.isUserInRole(Roles.AUDITOR);
    }

    /** Administrators (users.manage in role_permissions) manage users. */
    public boolean isCanManageUsers() {
        return permissions.allows(roles(), Permissions.USERS_MANAGE);
    }

    /** Those with reports.generate generate and download reports (the page is closed to others in web.xml). */
    public boolean isCanReport() {
        return permissions.allows(roles(), Permissions.REPORTS_GENERATE);
    }

    private Set<String> roles() {
        var ext = faces.getExternalContext();
        Set<String> roles = new HashSet<>();
        for (String role : Roles.ALL) {
            if (ext.isUserInRole(role)) {
                roles.add(role);
            }
        }
        return roles;
    }

    public String getName() {
        return faces.getExternalContext().getRemoteUser();
    }
}
