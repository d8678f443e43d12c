package ge.wardops.api;

import ge.wardops.notify.NotificationRoutes;
import ge.wardops.notify.RouteDraft;
import ge.wardops.notify.RouteView;
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

/** Notification routes (which alerts go to which channel, and escalation) for admins and operators. */
@Path("notification-routes")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class NotificationRoutesResource {

    @EJB
    NotificationRoutes routes;

    @GET
    @Operation(summary = "All notification routes")
    public List<RouteView> list() {
        return routes.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One notification route")
    public RouteView get(@PathParam("id") long id) {
        return routes.get(id);
    }

    @POST
    @Operation(summary = "Create a route: alerts of ruleId (or all rules), minSeverity and up, in regionId (or all regions) "
            + "go to channelId; optionally escalate to escalationChannelId after escalateAfterMinutes unacknowledged")
    public Response create(RouteDraft draft, @Context UriInfo uri) {
        RouteView created = routes.create(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a route")
    public RouteView update(@PathParam("id") long id, RouteDraft draft) {
        return routes.update(id, draft);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a route; its delivery history stays")
    public Response delete(@PathParam("id") long id) {
        routes.delete(id);
        return Response.noContent().build();
    }
}
