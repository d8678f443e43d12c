package ge.wardops.api;

import ge.wardops.security.ApiTokens;
import ge.wardops.security.Roles;
import ge.wardops.security.TokenDraft;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** API tokens: every user manages their own; users.manage sees and revokes everyone's. */
@Path("tokens")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "API tokens")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class TokensResource {

    @EJB
    ApiTokens tokens;

    @GET
    @Operation(summary = "The caller's tokens (an administrator sees all); never the secrets")
    public List<ApiTokens.TokenView> list() {
        return tokens.list();
    }

    @POST
    @Operation(summary = "A new token for the caller; the answer holds the secret, shown this once. "
            + "Use it as 'Authorization: Bearer <secret>'")
    public Response create(TokenDraft draft) {
        return Response.status(Response.Status.CREATED).entity(tokens.create(draft)).build();
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Revoke a token (own, or anyone's for an administrator); it answers 401 from then on")
    public ApiTokens.TokenView revoke(@PathParam("id") long id) {
        return tokens.revoke(id);
    }
}
