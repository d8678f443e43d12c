package ge.wardops.api;

import ge.wardops.notify.ChannelDraft;
import ge.wardops.notify.ChannelView;
import ge.wardops.notify.DeliveryView;
import ge.wardops.notify.NotificationChannels;
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

/** Notification channels: admins change and test them, operators read them. Webhook secrets are never returned. */
@Path("notification-channels")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
@RolesAllowed(Roles.ADMIN)
public class NotificationChannelsResource {

    @EJB
    NotificationChannels channels;

    @GET
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "All notification channels; whether a webhook secret is set, never the secret")
    public List<ChannelView> list() {
        return channels.list();
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    @Operation(summary = "One notification channel; no secret")
    public ChannelView get(@PathParam("id") long id) {
        return channels.get(id);
    }

    @POST
    @Operation(summary = "Create an EMAIL channel (target: comma-separated recipients) or a WEBHOOK channel "
            + "(target: http(s) URL, secret: the HMAC-SHA256 shared secret, 16+ characters, stored encrypted)")
    public Response create(ChannelDraft draft, @Context UriInfo uri) {
        ChannelView created = channels.create(draft);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(created.id())).build()).entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change a channel; a webhook secret left out keeps the stored one")
    public ChannelView update(@PathParam("id") long id, ChannelDraft draft) {
        return channels.update(id, draft);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a channel no route uses (409 while routes use it); its delivery history stays")
    public Response delete(@PathParam("id") long id) {
        channels.delete(id);
        return Response.noContent().build();
    }

    @POST
    @Path("{id}/test")
    @Operation(summary = "Send a test message now and answer how it went (status SENT or FAILED, attempts, lastError)")
    public DeliveryView test(@PathParam("id") long id) {
        return channels.test(id);
    }
}
