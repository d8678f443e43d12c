package ge.wardops.api;

import ge.wardops.alerting.DeviceGroupService;
import ge.wardops.alerting.DeviceGroupDraft;
import ge.wardops.alerting.DeviceGroupView;
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

@Path("device-groups")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class DeviceGroupsResource {

    @EJB
    DeviceGroupService groups;

    @GET
    @Operation(summary = "Every saved device group with its members, by name")
    public List<DeviceGroupView> list() {
        return groups.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One device group")
    public DeviceGroupView get(@PathParam("id") long id) {
        return groups.get(id);
    }

    @POST
    @Operation(summary = "Create a device group (a scope GROUP of rules and windows)")
    public Response create(DeviceGroupDraft draft, @Context UriInfo uri) {
        DeviceGroupView created = groups.create(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a group: name, description, and its members (replaced)")
    public DeviceGroupView update(@PathParam("id") long id, DeviceGroupDraft draft) {
        return groups.update(id, draft);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a group no rule or window uses")
    public Response delete(@PathParam("id") long id) {
        groups.delete(id);
        return Response.noContent().build();
    }
}
