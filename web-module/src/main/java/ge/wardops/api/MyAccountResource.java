package ge.wardops.api;

import ge.wardops.security.PasswordChange;
import ge.wardops.security.Roles;
import ge.wardops.security.OwnAccount;
import ge.wardops.security.UserAdministration;
import ge.wardops.security.web.SessionTermination;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The caller's own account: every user may read it, change the password and log out everywhere. */
@Path("users/me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class MyAccountResource {

    @EJB
    OwnAccount users;

    @Inject
    SessionTermination sessions;

    @Context
    SecurityContext security;

    @GET
    @Operation(summary = "The caller's account: roles, regions, whether the password must be changed")
    public UserAdministration.UserSummary me() {
        return users.me();
    }

    @POST
    @Path("password")
    @Operation(summary = "Change the caller's password (the only call allowed while a password change is required); "
            + "400 with field errors when the current password is wrong or the new one breaks the policy")
    public Response changePassword(PasswordChange change) {
        if (change == null) {
            throw new ge.wardops.shared.InvalidInputException("body", "send {\"currentPassword\":...,\"newPassword\":...}");
        }
        users.changeOwnPassword(chars(change.currentPassword()), chars(change.newPassword()));
        sessions.credentialsChanged(security.getUserPrincipal().getName());
        return Response.noContent().build();
    }

    @POST
    @Path("logout-everywhere")
    @Operation(summary = "End every console session and live feed of the caller; revokeTokens=true also revokes their API tokens")
    public SessionTermination.Ended logoutEverywhere(@QueryParam("revokeTokens") boolean revokeTokens) {
        return sessions.logoutEverywhere(security.getUserPrincipal().getName(), revokeTokens);
    }

    private static char[] chars(String s) {
        return s == null ? null : s.toCharArray();
    }
}
