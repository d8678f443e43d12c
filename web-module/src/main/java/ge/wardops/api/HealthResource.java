package ge.wardops.api;

import ge.wardops.health.HealthVerdict;
import ge.wardops.health.SystemHealth;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's /api/v1/health, open to load balancers without a login: the same verdicts as
 * MicroProfile Health's /health (one {@link SystemHealth}), as {@code status}, the database's verdict
 * under {@code database} (kept for old clients) and every check under {@code checks}.
 */
@Path("health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Health")
public class HealthResource {

    @Inject
    SystemHealth health;

    @GET
    @Operation(summary = "UP (200) when every check is UP, else DOWN (503); each check's verdict, measurements and reason")
    public Response health() {
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
            check.put("data", v.data());
            checks.add(check);
        }
        body.put("checks", checks);
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
