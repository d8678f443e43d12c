package ge.wardops.api;

import ge.wardops.fleet.FleetStatus;
import ge.wardops.fleet.LiveFleet;
import ge.wardops.fleet.LiveVersion;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("dashboard")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Status")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class DashboardResource {

    @EJB
    FleetStatus fleet;

    @Inject
    LiveFleet live;

    @Inject
    LiveAnswers answers;

    @GET
    @Path("stats")
    @Operation(summary = "Devices up, down, unknown and disabled in the caller's regions, by region and type, "
            + "the branches with most devices down, and open alerts; ETag/304")
    public Response stats(@Context Request request, @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        LiveVersion version = fleet.version(); // the caller's roles and scope, asked on every request
        return answers.live(request, acceptEncoding, "stats", version, () -> live.stats(version.scope(), version.activeAlerts()),
                live.size());
    }
}
