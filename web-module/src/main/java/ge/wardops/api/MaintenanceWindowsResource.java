package ge.wardops.api;

import ge.wardops.alerting.MaintenanceService;
import ge.wardops.alerting.MaintenanceWindowDraft;
import ge.wardops.alerting.MaintenanceWindowView;
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

@Path("maintenance-windows")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class MaintenanceWindowsResource {

    @EJB
    MaintenanceService windows;

    @GET
    @Operation(summary = "Every maintenance window, latest start first")
    public List<MaintenanceWindowView> list() {
        return windows.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One maintenance window")
    public MaintenanceWindowView get(@PathParam("id") long id) {
        return windows.get(id);
    }

    @GET
    @Path("devices")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
    @Operation(summary = "Ids of the devices in the caller's regions that are in maintenance now")
    public List<Long> devicesInMaintenance() {
        return windows.devicesInMaintenance();
    }

    @POST
    @Operation(summary = "Create a one-off or recurring (DAILY, WEEKLY[:MON,...]) window")
    public Response create(MaintenanceWindowDraft draft, @Context UriInfo uri) {
        MaintenanceWindowView created = windows.create(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a window; send the version you read to refuse a lost update")
    public MaintenanceWindowView update(@PathParam("id") long id, MaintenanceWindowDraft draft) {
        return windows.update(id, draft);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a window")
    public Response delete(@PathParam("id") long id) {
        windows.delete(id);
        return Response.noContent().build();
    }
}
