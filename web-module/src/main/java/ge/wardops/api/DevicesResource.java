package ge.wardops.api;

import ge.wardops.fleet.FleetStatus;
import ge.wardops.fleet.LiveFleet;
import ge.wardops.fleet.LiveListQuery;
import ge.wardops.fleet.LivePage;
import ge.wardops.fleet.LiveVersion;
import ge.wardops.history.DeviceHistory;
import ge.wardops.history.HistoryRange;
import ge.wardops.history.HistoryService;
import ge.wardops.inventory.DeviceDraft;
import ge.wardops.inventory.DeviceFilter;
import ge.wardops.inventory.DeviceService;
import ge.wardops.inventory.DeviceType;
import ge.wardops.inventory.DeviceView;
import ge.wardops.inventory.importing.DeviceImports;
import ge.wardops.inventory.importing.ImportJobStatus;
import ge.wardops.security.Roles;
import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;

@Path("devices")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Inventory")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class DevicesResource {

    @EJB
    DeviceService inventory;

    @EJB
    DeviceImports imports;

    @EJB
    FleetStatus fleet;

    @Inject
    HistoryService history;

    @Inject
    LiveFleet live;

    @Inject
    LiveAnswers answers;

    @GET
    @Operation(summary = "Devices in the caller's scope, filtered, sorted and paged")
    public Paging<DeviceView> list(
            @QueryParam("region") Long region,
            @QueryParam("branch") Long branch,
            @QueryParam("type") String type,
            @QueryParam("vendor") String vendor,
            @Parameter(description = "up, down or disabled") @QueryParam("status") String status,
            @Parameter(description = "matches name, address, vendor and model") @QueryParam("q") String text,
            @QueryParam("tag") String tag,
            @QueryParam("offset") @DefaultValue("0") @ParameterRange(min = 0) int offset,
            @QueryParam("limit") @DefaultValue("100") @ParameterRange(min = 1, max = 1000) int limit,
            @Parameter(description = "name, ip, type, vendor, branch, region, createdAt, updatedAt")
            @QueryParam("sort") @DefaultValue("name") String sort,
            @Parameter(description = "asc or desc") @QueryParam("order") @DefaultValue("asc") String order) {
        if (!order.equalsIgnoreCase("asc") && !order.equalsIgnoreCase("desc")) {
            throw new InvalidInputException("order", "must be asc or desc");
        }
        DeviceFilter filter = new DeviceFilter(region, branch, type(type), vendor, status, text, tag);
        return Paging.of(inventory.devices(filter, offset, limit, sort, order.equalsIgnoreCase("desc")));
    }

    @GET
    @Path("standalone/list")
    @Operation(summary = "Every device in the caller's regions with its live status, RTT, loss and since when "
            + "(the seed's list, from memory: no database round trip); ETag/304")
    public Response standaloneList(@Context Request request, @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        LiveVersion version = fleet.version(); // the caller's roles and scope, asked on every request
        return answers.live(request, acceptEncoding, "list", version, () -> live.devices(version.scope()), live.size());
    }

    @GET
    @Path("standalone/page")
    @Operation(summary = "One page of the live device list (the standalone list for big fleets), filtered and sorted in memory, "
            + "with the total that matched")
    public LivePage standalonePage(
            @Parameter(description = "up, down, unknown or disabled") @QueryParam("status") String status,
            @QueryParam("region") Long region,
            @QueryParam("branch") Long branch,
            @Parameter(description = "ROUTER, SWITCH, ATM, SERVER, ...") @QueryParam("type") String type,
            @Parameter(description = "matches name, address, vendor, branch and region, ignoring case") @QueryParam("q") String text,
            @Parameter(description = "1-based") @QueryParam("page") @DefaultValue("1") @ParameterRange(min = 1) int page,
            @Parameter(description = "1 to 1000") @QueryParam("size") @DefaultValue("100") @ParameterRange(min = 1, max = 1000) int size,
            @Parameter(description = "name, id, ip, status, rtt, loss, since, type, branch, region")
            @QueryParam("sort") @DefaultValue("name") String sort,
            @Parameter(description = "asc or desc") @QueryParam("order") @DefaultValue("asc") String order) {
        return fleet.page(LiveListQuery.of(status, region, branch, type, text, page, size, sort, order));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One device with its live status (live: status, since, rttMs, lossPercent, lastProbe from memory)")
    public DeviceView get(@PathParam("id") long id) {
        return fleet.device(id);
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "RTT, loss and availability of a device over 24h, 7d or 30d (or from/to), from VictoriaMetrics; "
            + "503 while VictoriaMetrics does not answer; ETag/304, gzip when accepted")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DeviceHistory.class)))
    public Response history(@PathParam("id") long id,
                            @Parameter(description = "24h (default), 7d or 30d") @QueryParam("time_range") String timeRange,
                            @Parameter(description = "ISO-8601 instant; default: to minus time_range") @QueryParam("from") String from,
                            @Parameter(description = "ISO-8601 instant; default: now") @QueryParam("to") String to,
                            @Parameter(description = "seconds; default 300, 900 or 3600 by time_range") @QueryParam("step") @ParameterRange(min = 1, max = HistoryRange.MAX_STEP_SECONDS) Long step,
                            @Context Request request, @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        // First: unknown and other regions' devices are 404 before anything is read or cached (from memory).
        fleet.requireVisible(id);
        // The JSON, its ETag and its gzip form are kept with the cache entry: a hit only writes bytes.
        Etags.Body body = history.rendered(id, HistoryRange.of(timeRange, from, to, step, Instant.now()),
                h -> Etags.reusableBody(HistoryJson.of(h), Deflater.BEST_SPEED));
        return Etags.ok(request, body, acceptEncoding);
    }

    @POST
    @Operation(summary = "Create a device")
    public Response create(DeviceDraft draft, @Context UriInfo uri) {
        DeviceView created = inventory.createDevice(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a device; send the version you read to refuse a lost update")
    public DeviceView update(@PathParam("id") long id, DeviceDraft draft) {
        return inventory.updateDevice(id, draft);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a device; one with history is retired (hidden, address freed) instead")
    public Map<String, Object> delete(@PathParam("id") long id) {
        DeviceService.Deletion outcome = inventory.deleteDevice(id);
        return Map.of("id", id, "outcome", outcome.name().toLowerCase(Locale.ROOT));
    }

    @POST
    @Path("import")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Import devices from CSV (all rows or none); answers 202 with the job to poll")
    public Response importCsv(byte[] file, @QueryParam("filename") String fileName, @Context UriInfo uri) {
        ImportJobStatus job = imports.start(fileName, file);
        return Response.accepted(job)
                .location(uri.getBaseUriBuilder().path("import-jobs").path(job.id()).build())
                .build();
    }

    private static DeviceType type(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return DeviceType.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("type", "unknown type '" + text + "'; one of " + Arrays.toString(DeviceType.values()));
        }
    }
}
