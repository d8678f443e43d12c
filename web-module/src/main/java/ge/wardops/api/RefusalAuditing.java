package ge.wardops.api;

import ge.wardops.audit.AccessDenials;
import ge.wardops.audit.RequestOrigin;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

import java.security.Principal;

/**
 * Audits every 403 the API answers, whatever refused it (a resource's @RolesAllowed, an EJB's, a
 * resource itself): one place, after the answer is decided, so no refusal path can be missed.
 * {@link AccessDenials} keeps a hammering client from flooding the log. Its collaborators are
 * looked up because JAX-RS, not CDI, creates this provider.
 */
@Provider
public class RefusalAuditing implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() != 403) {
            return;
        }
        Principal user = request.getSecurityContext().getUserPrincipal();
        // Relative to the application, as the console's refusals are: the same request reads the same
        // whatever context root the bank deploys to.
        String path = "/api/v1/" + request.getUriInfo().getPath().replaceFirst("^/+", "");
        String address = CDI.current().select(RequestOrigin.class).get().clientAddress();
        CDI.current().select(AccessDenials.class).get().denied(user == null ? null : user.getName(), address, "endpoint",
                request.getMethod(), path, "API answered 403");
    }
}
