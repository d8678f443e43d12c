package ge.wardops.api;

import ge.wardops.health.HealthVerdict;
import ge.wardops.health.SystemHealth;
import ge.wardops.security.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's /api/v1/health, open to load balancers without a login: the same verdicts as
 * MicroProfile Health's /health (one {@link SystemHealth}), as {@code status}, the database's verdict
 * under {@code database} (kept for old clients) and every check under {@code checks}. Anyone sees
 * names, verdicts, harmless numbers and a short generic reason; an administrator or operator who
 * sends credentials also sees each check's raw error under {@code data.detail}.
 */
@Path("health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Health")
public class HealthResource {

    @Inject
    SystemHealth health;

    @Context
    SecurityContext caller;

    @GET
    @Operation(summary = "UP (200) when every check is UP, else DOWN (503); each check's verdict, measurements and a generic reason "
            + "(the raw error as data.detail for administrators and operators)")
    public Response health() {
        boolean details = caller != null && (caller.isUserInRole(Roles.ADMIN) || caller.isUserInRole(Roles.OPERATOR));
        List<HealthVerdict> verdicts = health.all();
        boolean up = verdicts.stream().allMatch(HealthVerdict::up);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DOWN");
        body.put("database", verdicts.stream().filter(v -> v.name().equals(SystemHealth.DATABASE)).findFirst()
                .map(HealthVerdict::status).orElse("DOWN"));
        List<Map<String, Object>> checks = new ArrayList<>();
        for (HealthVerdict v : verdicts) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("name", v.name());
            check.put("status", v.status());
            Map<String, Object> data = new LinkedHashMap<>(v.data());
            if (details && v.detail() != null) {
                data.put("detail", v.detail());
            }
            check.put("data", data);
            checks.add(check);
        }
        body.put("checks", checks);
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
