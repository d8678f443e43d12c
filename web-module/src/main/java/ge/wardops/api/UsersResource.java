package ge.wardops.api;

import ge.wardops.security.PasswordReset;
import ge.wardops.security.Roles;
import ge.wardops.security.UserChange;
import ge.wardops.security.UserAdministration;
import ge.wardops.security.UserDraft;
import ge.wardops.security.web.SessionTermination;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * User administration. Every logged-in role reaches the methods; the directory then requires the
 * users.manage permission (only admin by default, see role_permissions), so a changed mapping
 * applies here without a new release.
 */
@Path("users")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class UsersResource {

    @EJB
    UserAdministration users;

    @Inject
    SessionTermination sessions;

    @GET
    @Operation(summary = "Every user with roles, regions and account state (never a password hash); needs users.manage")
    public List<UserAdministration.UserSummary> list() {
        return users.list();
    }

    @POST
    @Operation(summary = "Create a user; the password must meet the policy; a regional manager needs regions; needs users.manage")
    public Response create(UserDraft draft) {
        return Response.status(Response.Status.CREATED).entity(users.create(draft)).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One user; needs users.manage")
    public UserAdministration.UserSummary get(@PathParam("name") String name) {
        return users.get(name);
    }

    @PUT
    @Path("{name}")
    @Operation(summary = "Change roles, regions, display name, enabled; disabling ends the user's sessions; needs users.manage")
    public UserAdministration.UserSummary update(@PathParam("name") String name, UserChange change) {
        UserAdministration.UserSummary changed = users.update(name, change);
        if (!changed.enabled()) {
            sessions.forgetLoginsOf(changed.username());
        }
        return changed;
    }

    @POST
    @Path("{name}/unlock")
    @Operation(summary = "Lift a lockout after failed logins; needs users.manage")
    public UserAdministration.UserSummary unlock(@PathParam("name") String name) {
        return users.unlock(name);
    }

    @POST
    @Path("{name}/password")
    @Operation(summary = "Set a new password that the user must change at the next login; ends their sessions; needs users.manage")
    public UserAdministration.UserSummary resetPassword(@PathParam("name") String name, PasswordReset reset) {
        UserAdministration.UserSummary changed = users.resetPassword(name, reset == null || reset.password() == null ? null
                : reset.password().toCharArray());
        sessions.forgetLoginsOf(changed.username());
        return changed;
    }

    @POST
    @Path("{name}/logout-everywhere")
    @Operation(summary = "End every console session and live feed of a user, optionally revoking their API tokens; needs users.manage")
    public SessionTermination.Ended logoutEverywhere(@PathParam("name") String name, @QueryParam("revokeTokens") boolean revokeTokens) {
        return sessions.logoutEverywhere(name, revokeTokens);
    }
}
