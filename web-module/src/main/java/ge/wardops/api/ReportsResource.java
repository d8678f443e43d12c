package ge.wardops.api;

import ge.wardops.report.ReportDocument;
import ge.wardops.report.ReportRequest;
import ge.wardops.report.ReportScheduleDraft;
import ge.wardops.report.ReportScheduleService;
import ge.wardops.report.ReportScheduleView;
import ge.wardops.report.ReportSections;
import ge.wardops.report.ReportService;
import ge.wardops.report.ReportView;
import ge.wardops.report.SloTargetService;
import ge.wardops.report.SloTargetView;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Availability / SLA reports (docs/reports.md): generate one for a month or any period (in the
 * background), follow its progress, read its sections or download it as CSV, XLSX or PDF; SLO
 * targets per region and branch. The service decides
 * the permission (reports.generate, rules.edit for targets) and the caller's regions.
 */
@Path("reports")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Reports")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class ReportsResource {

    /** The body a target is set with. */
    public record TargetBody(Double targetPercent) {
    }

    @EJB
    ReportService reports;

    @EJB
    SloTargetService targets;

    @EJB
    ReportScheduleService schedules;

    @GET
    @Operation(summary = "The reports the caller may see, newest first (at most 200)")
    public List<ReportView> list() {
        return reports.list();
    }

    @POST
    @Operation(summary = "Generate a report: {kind, month (YYYY-MM) | from+to (UTC) | neither for last month, regionIds, format}; "
            + "answers 202 with the report RUNNING and its Location, where its progress and then DONE or FAILED show; "
            + "with wait=true it generates before answering, 201 with the report DONE. Both link its download")
    public Response generate(ReportRequest request, @QueryParam("wait") boolean wait, @Context UriInfo uri) {
        ReportView r = wait ? reports.generate(request) : reports.start(request);
        String format = request == null || request.format() == null ? "pdf" : request.format().strip().toLowerCase(java.util.Locale.ROOT);
        java.net.URI location = uri.getAbsolutePathBuilder().path(String.valueOf(r.id())).build();
        Response.ResponseBuilder answer = wait ? Response.created(location) : Response.accepted().location(location);
        return answer.link(uri.getAbsolutePathBuilder().path(String.valueOf(r.id())).path("download").queryParam("format", format).build(), "download")
                .entity(r).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One report's status (RUNNING with progressPercent and progressStep, DONE, FAILED with its reason) and ready formats")
    public ReportView get(@PathParam("id") long id) {
        return reports.get(id);
    }

    @GET
    @Path("{id}/sections")
    @Operation(summary = "A DONE report's sections as data, what the console shows on screen: fleet, regions, branches, device groups, "
            + "device types and devices (a branch's parentId is its region, a device's its branch), incidents, Top N; 409 while RUNNING")
    public ReportSections sections(@PathParam("id") long id) {
        return reports.sections(id);
    }

    @GET
    @Path("{id}/download")
    @Produces({"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/pdf", MediaType.APPLICATION_JSON})
    @Operation(summary = "One report as format=csv, xlsx or pdf (default pdf); audited as an export")
    public Response download(@PathParam("id") long id, @QueryParam("format") String format) {
        ReportDocument d = reports.download(id, format);
        return Response.ok(d.content(), d.format().contentType())
                .header("Content-Disposition", "attachment; filename=\"" + d.fileName() + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    @GET
    @Path("slo-targets")
    @Operation(summary = "The SLO targets of the caller's regions and their branches (others take the default)")
    public List<SloTargetView> sloTargets() {
        return targets.list();
    }

    @PUT
    @Path("slo-targets/{scopeType}/{scopeId}")
    @Operation(summary = "Set a REGION's or BRANCH's SLO target in percent: {targetPercent}; needs rules.edit; audited")
    public SloTargetView setTarget(@PathParam("scopeType") String scopeType, @PathParam("scopeId") long scopeId, TargetBody body) {
        return targets.set(scopeType, scopeId, body == null ? null : body.targetPercent());
    }

    @DELETE
    @Path("slo-targets/{scopeType}/{scopeId}")
    @Operation(summary = "Remove a REGION's or BRANCH's own SLO target; needs rules.edit; audited")
    public Response removeTarget(@PathParam("scopeType") String scopeType, @PathParam("scopeId") long scopeId) {
        targets.remove(scopeType, scopeId);
        return Response.noContent().build();
    }

    @GET
    @Path("schedules")
    @Operation(summary = "The report schedules covering the caller's regions")
    public List<ReportScheduleView> schedules() {
        return schedules.list();
    }

    @GET
    @Path("schedules/{id}")
    @Operation(summary = "One report schedule with its next run")
    public ReportScheduleView schedule(@PathParam("id") long id) {
        return schedules.get(id);
    }

    @POST
    @Path("schedules")
    @Operation(summary = "Schedule a report: {name, cadence MONTHLY (dayOfMonth 1-28) | WEEKLY (dayOfWeek MON..SUN), time HH:MM, "
            + "recipients, regionIds, enabled}; audited")
    public Response createSchedule(ReportScheduleDraft draft, @Context UriInfo uri) {
        ReportScheduleView created = schedules.create(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("schedules/{id}")
    @Operation(summary = "Change a report schedule; send the version you read; audited")
    public ReportScheduleView updateSchedule(@PathParam("id") long id, ReportScheduleDraft draft) {
        return schedules.update(id, draft);
    }

    @DELETE
    @Path("schedules/{id}")
    @Operation(summary = "Delete a report schedule (its reports stay until their retention ends); audited")
    public Response deleteSchedule(@PathParam("id") long id) {
        schedules.delete(id);
        return Response.noContent().build();
    }
}
