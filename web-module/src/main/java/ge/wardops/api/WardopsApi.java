package ge.wardops.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

import java.util.Map;

/**
 * The API's root: /api/v1, the paths the Python system used, so its clients keep working.
 * Served as OpenAPI at /openapi by the server.
 */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(
        info = @Info(title = "WARD OPS API", version = "1",
                description = "Inventory, status, history and alerts of the bank's branch network. "
                        + "Errors are application/problem+json (RFC 9457) with an 'errors' list of field messages."),
        security = @SecurityRequirement(name = "basic"))
@SecurityScheme(securitySchemeName = "basic", type = SecuritySchemeType.HTTP, scheme = "basic")
public class WardopsApi extends Application {

    @Override
    public Map<String, Object> getProperties() {
        // Enforce @RolesAllowed on the resources themselves, not only on the EJBs behind them.
        return Map.of("jersey.config.server.provider.classnames",
                "org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature");
    }
}
