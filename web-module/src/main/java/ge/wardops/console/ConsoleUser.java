package ge.wardops.console;

import ge.wardops.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * What the logged-in user may do, for showing or hiding actions. Only cosmetic: the services
 * check the roles again on every call.
 */
@Named
@RequestScoped
public class ConsoleUser {

    @Inject
    FacesContext faces;

    /** Admins and operators change the inventory and import files. */
    public boolean isCanEdit() {
        var ext = faces.getExternalContext();
        return ext.isUserInRole(Roles.ADMIN) || ext.isUserInRole(Roles.OPERATOR);
    }

    /** Admins and auditors read the audit log (the page itself is closed to everyone else in web.xml). */
    public boolean isCanReadAudit() {
        var ext = faces.getExternalContext();
        return ext.isUserInRole(Roles.ADMIN) || ext.isUserInRole(Roles.AUDITOR);
    }

    public String getName() {
        return faces.getExternalContext().getRemoteUser();
    }
}
