package ge.wardops.api;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed's /api/v1/health, open to load balancers without a login: says whether the
 * application can reach its database. (MicroProfile Health at /health has the same and more.)
 */
@Path("health")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Health")
public class HealthResource {

    @Resource(lookup = "jdbc/wardops")
    DataSource db;

    @GET
    @Operation(summary = "UP when the database answers, else 503")
    public Response health() {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean dbUp;
        try (Connection c = db.getConnection()) {
            dbUp = c.isValid(2);
        } catch (SQLException e) {
            dbUp = false;
        }
        body.put("status", dbUp ? "UP" : "DOWN");
        body.put("database", dbUp ? "UP" : "DOWN");
        return Response.status(dbUp ? 200 : 503).entity(body).build();
    }
}
