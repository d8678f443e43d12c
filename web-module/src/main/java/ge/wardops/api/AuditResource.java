package ge.wardops.api;

import ge.wardops.audit.AuditChain;
import ge.wardops.audit.ChainReport;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class AuditResource {

    @EJB
    AuditChain chain;

    @GET
    @Path("chain")
    @Operation(summary = "Check the audit log's hash chain now: intact, or the first row where it breaks")
    public ChainReport verifyChain() {
        return chain.verify();
    }
}
