package ge.wardops.api;

import ge.wardops.notify.DeliveryLog;
import ge.wardops.notify.DeliveryView;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** The notification delivery log: what was sent where, failed or dropped, newest first. */
@Path("notification-deliveries")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Notifications")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
public class NotificationDeliveriesResource {

    @EJB
    DeliveryLog log;

    @GET
    @Operation(summary = "Deliveries, newest first, filtered by alertId, channelId, kind (FIRING, RESOLVED, ESCALATED, "
            + "FLAPPING, TEST), status (PENDING, SENT, FAILED, DROPPED) and created between from and to (ISO-8601 UTC)")
    public Paging<DeliveryView> list(@QueryParam("alertId") Long alertId, @QueryParam("channelId") Long channelId,
                                     @QueryParam("kind") String kind, @QueryParam("status") String status,
                                     @QueryParam("from") String from, @QueryParam("to") String to,
                                     @QueryParam("offset") @DefaultValue("0") @ParameterRange(min = 0) int offset,
                                     @QueryParam("limit") @DefaultValue("100") @ParameterRange(min = 1, max = 1000) int limit) {
        return Paging.of(log.list(alertId, channelId, kind, status, QueryTimes.instant("from", from), QueryTimes.instant("to", to), offset, limit));
    }
}
