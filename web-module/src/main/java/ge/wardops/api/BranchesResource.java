package ge.wardops.api;

import ge.wardops.fleet.AvailabilitySummaries;
import ge.wardops.fleet.AvailabilitySummary;
import ge.wardops.fleet.FleetSummaries;
import ge.wardops.fleet.LiveFleet;
import ge.wardops.fleet.LiveSummaries;
import ge.wardops.history.AvailabilityWindow;
import ge.wardops.inventory.BranchDraft;
import ge.wardops.inventory.BranchService;
import ge.wardops.inventory.BranchView;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("branches")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Inventory")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class BranchesResource {

    @EJB
    BranchService inventory;

    @EJB
    FleetSummaries summaries;

    @Inject
    LiveAnswers answers;

    @Inject
    LiveSummaries liveSummaries;

    @Inject
    LiveFleet live;

    @GET
    @Operation(summary = "Branches in the caller's scope, optionally of one region")
    public List<BranchView> list(@QueryParam("region") Long regionId) {
        return inventory.branches(regionId);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One branch")
    public BranchView get(@PathParam("id") long id) {
        return inventory.branch(id);
    }

    @GET
    @Path("summary")
    @Operation(summary = "Branches in the caller's scope (optionally of one region) with live device counts by status and "
            + "availability % over time_range; availability null and degraded true while VictoriaMetrics does not answer")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AvailabilitySummaries.class)))
    public Response summaries(@QueryParam("region") Long regionId,
                              @Parameter(description = "24h (default), 7d or 30d") @QueryParam("time_range") String timeRange,
                              @Context Request request, @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        AvailabilityWindow window = AvailabilityWindow.of(timeRange);
        // Built once per version (scope, inventory, states, availability read) and kept as bytes, like the live list.
        FleetSummaries.SummaryVersion version = summaries.version(window);
        // In a large fleet rebuilt after a probe round off the request's path (LiveAnswers), from the version's scope and read.
        return answers.summary(request, acceptEncoding, "branches-summary:" + regionId + ":" + window, version,
                () -> liveSummaries.branches(version.live().scope(), regionId, window, version.read()), live.size());
    }

    @GET
    @Path("{id}/summary")
    @Operation(summary = "One branch's live device counts by status and availability % over time_range (see GET /branches/summary)")
    public AvailabilitySummary summary(@PathParam("id") long id,
                                       @Parameter(description = "24h (default), 7d or 30d") @QueryParam("time_range") String timeRange) {
        return summaries.branch(id, AvailabilityWindow.of(timeRange));
    }

    @POST
    @Operation(summary = "Create a branch")
    public Response create(BranchDraft draft, @Context UriInfo uri) {
        BranchView created = inventory.createBranch(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a branch; send the version you read to refuse a lost update")
    public BranchView update(@PathParam("id") long id, BranchDraft draft) {
        return inventory.updateBranch(id, draft);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a branch that has no devices")
    public Response delete(@PathParam("id") long id) {
        inventory.deleteBranch(id);
        return Response.noContent().build();
    }
}
