package ge.wardops.api;

import ge.wardops.alerting.AlertEngine;
import ge.wardops.alerting.AlertRuleDraft;
import ge.wardops.alerting.AlertRuleService;
import ge.wardops.alerting.AlertRuleView;
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

@Path("alert-rules")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class AlertRulesResource {

    @EJB
    AlertRuleService rules;

    @GET
    @Operation(summary = "Every alert rule, by name")
    public List<AlertRuleView> list() {
        return rules.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One alert rule")
    public AlertRuleView get(@PathParam("id") long id) {
        return rules.get(id);
    }

    @POST
    @Operation(summary = "Create a rule; every invalid field is answered at once (400 with field errors)")
    public Response create(AlertRuleDraft draft, @Context UriInfo uri) {
        AlertRuleView created = rules.create(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a rule; send the version you read to refuse a lost update")
    public AlertRuleView update(@PathParam("id") long id, AlertRuleDraft draft) {
        return rules.update(id, draft);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a rule that never fired (disable one with history instead)")
    public Response delete(@PathParam("id") long id) {
        rules.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("preview")
    @Operation(summary = "Which subjects the rule (as sent, not saved) would fire for with the current data, its FOR aside")
    public List<AlertEngine.PreviewHit> preview(AlertRuleDraft draft) {
        return rules.preview(draft);
    }
}
