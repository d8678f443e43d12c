package ge.wardops.api;

import ge.wardops.alerting.AlertDetail;
import ge.wardops.alerting.AlertFilter;
import ge.wardops.alerting.AlertService;
import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


@Path("alerts")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class AlertsResource {

    /** The body of acknowledge, comment and resolve: an optional comment (required for comment). */
    public record Action(String comment) {
    }

    @EJB
    AlertService alerts;

    @GET
    @Operation(summary = "Alerts in the caller's regions, newest first, filtered and paged")
    public Paging<AlertSnapshot> list(
            @Parameter(description = "FIRING, ACKNOWLEDGED, RESOLVED, or OPEN (firing or acknowledged)") @QueryParam("state") String state,
            @Parameter(description = "INFO, WARNING, MAJOR or CRITICAL") @QueryParam("severity") String severity,
            @QueryParam("region") Long region,
            @QueryParam("branch") Long branch,
            @QueryParam("device") Long device,
            @Parameter(description = "triggered at or after, ISO-8601") @QueryParam("from") String from,
            @Parameter(description = "triggered before, ISO-8601") @QueryParam("to") String to,
            @QueryParam("offset") @DefaultValue("0") @ParameterRange(min = 0) int offset,
            @QueryParam("limit") @DefaultValue("100") @ParameterRange(min = 1, max = 500) int limit) {
        return Paging.of(alerts.list(new AlertFilter(state, severity, region, branch, device, QueryTimes.instant("from", from),
                QueryTimes.instant("to", to), offset, limit)));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One alert with its comments and full history")
    public AlertDetail get(@PathParam("id") long id) {
        return alerts.get(id);
    }

    @POST
    @Path("{id}/acknowledge")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER})
    @Operation(summary = "Acknowledge a firing alert, optionally with a comment (audited)")
    public AlertSnapshot acknowledge(@PathParam("id") long id, Action body) {
        return alerts.acknowledge(id, body == null ? null : body.comment());
    }

    @POST
    @Path("{id}/comment")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER})
    @Operation(summary = "Comment on an alert (audited)")
    public AlertSnapshot comment(@PathParam("id") long id, Action body) {
        return alerts.comment(id, body == null ? null : body.comment());
    }

    @POST
    @Path("{id}/resolve")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER})
    @Operation(summary = "Close an open alert by hand, optionally with a comment (audited)")
    public AlertSnapshot resolve(@PathParam("id") long id, Action body) {
        return alerts.resolve(id, body == null ? null : body.comment());
    }
}
