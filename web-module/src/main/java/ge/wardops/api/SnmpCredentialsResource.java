package ge.wardops.api;

import ge.wardops.inventory.credentials.SnmpCredentialDraft;
import ge.wardops.inventory.credentials.SnmpCredentialStore;
import ge.wardops.inventory.credentials.SnmpCredentialView;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** SNMP credentials for admins and operators. Answers say whether each secret is set, never the secret. */
@Path("snmp-credentials")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "SNMP credentials")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class SnmpCredentialsResource {

    @EJB
    SnmpCredentialStore credentials;

    @GET
    @Operation(summary = "All SNMP credentials with the number of devices using each; no secrets")
    public List<SnmpCredentialView> list() {
        return credentials.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One SNMP credential; no secrets")
    public SnmpCredentialView get(@PathParam("id") long id) {
        return credentials.get(id);
    }

    @POST
    @Operation(summary = "Create an SNMP credential (v2c community or v3 USM user); secrets are stored encrypted")
    public Response create(SnmpCredentialDraft draft, @Context UriInfo uri) {
        SnmpCredentialView created = credentials.create(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change an SNMP credential; a secret left out or blank keeps the stored one")
    public SnmpCredentialView update(@PathParam("id") long id, SnmpCredentialDraft draft) {
        return credentials.update(id, draft);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an SNMP credential that no device uses (409 while devices use it)")
    public Response delete(@PathParam("id") long id) {
        credentials.delete(id);
        return Response.noContent().build();
    }
}
