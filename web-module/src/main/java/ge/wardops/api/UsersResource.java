package ge.wardops.api;

import ge.wardops.security.Roles;
import ge.wardops.security.UserDirectory;
import ge.wardops.security.UserDraft;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("users")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Users")
@RolesAllowed(Roles.ADMIN)
public class UsersResource {

    @EJB
    UserDirectory users;

    @GET
    @Operation(summary = "Every user with roles and regions (never a password hash)")
    public List<UserDirectory.UserSummary> list() {
        return users.list();
    }

    @POST
    @Operation(summary = "Create a user; a regional manager needs regions")
    public Response create(UserDraft draft) {
        return Response.status(Response.Status.CREATED).entity(users.create(draft)).build();
    }
}
