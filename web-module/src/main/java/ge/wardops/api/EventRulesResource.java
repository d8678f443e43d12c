package ge.wardops.api;

import ge.wardops.events.EventRuleDraft;
import ge.wardops.events.EventRuleService;
import ge.wardops.events.EventRuleView;
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

@Path("events/rules")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class EventRulesResource {

    @EJB
    EventRuleService rules;

    @GET
    @Operation(summary = "Every event rule (which traps and syslog messages raise alerts), by name")
    public List<EventRuleView> list() {
        return rules.list();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One event rule")
    public EventRuleView get(@PathParam("id") long id) {
        return rules.get(id);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create an event rule; every invalid field is answered at once (400 with field errors, a bad "
            + "regular expression with its position). Audited")
    public Response create(EventRuleDraft draft, @Context UriInfo uri) {
        EventRuleView created = rules.create(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change (or disable: enabled=false) an event rule; send the version you read. Audited")
    public EventRuleView update(@PathParam("id") long id, EventRuleDraft draft) {
        return rules.update(id, draft);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Delete an event rule (its alerts stay). Audited")
    public Response delete(@PathParam("id") long id) {
        rules.delete(id);
        return Response.noContent().build();
    }
}
