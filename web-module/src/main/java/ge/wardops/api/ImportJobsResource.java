package ge.wardops.api;

import ge.wardops.inventory.importing.DeviceImports;
import ge.wardops.inventory.importing.ImportJobStatus;
import ge.wardops.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("import-jobs")
@ApplicationScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Inventory")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class ImportJobsResource {

    @EJB
    DeviceImports imports;

    @GET
    @Operation(summary = "The caller's recent imports (an admin's: everyone's), newest first")
    public List<ImportJobStatus> list() {
        return imports.recent();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Progress and row errors of one import")
    public ImportJobStatus get(@PathParam("id") String id) {
        return imports.status(id);
    }
}
