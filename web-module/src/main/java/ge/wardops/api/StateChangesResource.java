package ge.wardops.api;

import ge.wardops.devicestate.DeviceStateChanged;
import ge.wardops.devicestate.StateChangeFeed;
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

import java.util.List;

@Path("state-changes")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Status")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class StateChangesResource {

    @EJB
    StateChangeFeed feed;

    @GET
    @Operation(summary = "The newest UP/DOWN changes in the caller's regions (at most 1000), newest first")
    public List<DeviceStateChanged> recent(@QueryParam("limit") @DefaultValue("50") @ParameterRange(min = 1, max = 1000) int limit) {
        return feed.recent(limit);
    }
}
