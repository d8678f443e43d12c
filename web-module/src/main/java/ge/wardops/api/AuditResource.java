package ge.wardops.api;

import ge.wardops.audit.AuditFilter;
import ge.wardops.audit.AuditFormats;
import ge.wardops.audit.review.AuditQuery;
import ge.wardops.audit.AuditRecord;
import ge.wardops.audit.ChainReport;
import ge.wardops.security.Roles;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.Page;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The audit log for admins and auditors: the chain check, filtered pages, and exports for a SIEM
 * or a spreadsheet. Read-only: nothing here changes the log. Regional managers get 403 like every
 * other role: the log spans every region.
 */
@Path("audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
@RolesAllowed({Roles.ADMIN, Roles.AUDITOR})
public class AuditResource {

    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @EJB
    AuditQuery query;

    @Context
    HttpServletRequest request;

    @GET
    @Path("chain")
    @Operation(summary = "Check the audit log's hash chain now: intact, or the first row where it breaks; with an "
            + "anchor (a row's id and hash kept from earlier), also whether that row is still there unchanged")
    public ChainReport verifyChain(@Parameter(description = "id of a row seen earlier") @QueryParam("anchor_id") String anchorId,
                                   @Parameter(description = "its hash as seen then (64 hex digits)") @QueryParam("anchor_hash") String anchorHash) {
        if (anchorId == null && anchorHash == null) {
            return query.verifyChain(null, null);
        }
        if (anchorId == null || anchorHash == null || !anchorHash.strip().matches("[0-9a-fA-F]{64}")) {
            throw new InvalidInputException(anchorId == null ? "anchor_id" : "anchor_hash",
                    "give anchor_id and anchor_hash (64 hex digits) together");
        }
        return query.verifyChain(number("anchor_id", anchorId, Long.MAX_VALUE), anchorHash.strip());
    }

    @GET
    @Path("events")
    @Operation(summary = "Audit events, newest first, filtered by time (from inclusive, to exclusive; ISO-8601), user, "
            + "action, object type and id, and region (events about that region's branches and devices)")
    public JsonObject events(@QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("user") String user, @QueryParam("action") String action,
                             @Parameter(description = "device, branch, region, user, snmp_credential, request, ...")
                             @QueryParam("object_type") String objectType,
                             @QueryParam("object_id") String objectId,
                             @Parameter(description = "region id") @QueryParam("region") String region,
                             @QueryParam("offset") @DefaultValue("0") String offset,
                             @Parameter(description = "1..1000") @QueryParam("limit") @DefaultValue("100") String limit) {
        AuditFilter filter = AuditFilter.parse(from, to, user, action, objectType, objectId, region);
        Page<AuditRecord> page = query.find(filter, (int) number("offset", offset, Integer.MAX_VALUE), (int) number("limit", limit, Integer.MAX_VALUE));
        JsonArrayBuilder items = Json.createArrayBuilder();
        page.items().forEach(r -> items.add(AuditFormats.json(r)));
        return Json.createObjectBuilder().add("items", items).add("total", page.total())
                .add("offset", page.offset()).add("limit", page.limit()).build();
    }

    @GET
    @Path("events/export")
    @Produces({"text/csv", "application/x-ndjson", MediaType.APPLICATION_JSON})
    @Operation(summary = "Every audit event the filters keep, oldest first, streamed as CSV or JSON lines (one object "
            + "per line, for a SIEM); the export itself is audited")
    public Response export(@Parameter(description = "csv or jsonl") @QueryParam("format") @DefaultValue("jsonl") String format,
                           @QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("user") String user, @QueryParam("action") String action,
                           @QueryParam("object_type") String objectType, @QueryParam("object_id") String objectId,
                           @QueryParam("region") String region) {
        AuditFormats.Format f = AuditFormats.Format.named(format);
        if (f == null) {
            throw new InvalidInputException("format", "must be csv or jsonl");
        }
        AuditFilter filter = AuditFilter.parse(from, to, user, action, objectType, objectId, region);
        query.requireReader(); // before the 200 goes out: the streaming export checks again
        String address = request.getRemoteAddr();
        StreamingOutput body = out -> query.export(filter, f, address, out);
        String name = "wardops-audit-" + FILE_TIME.format(Instant.now()) + "." + f.extension;
        return Response.ok(body, f.mediaType + "; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }

    private static long number(String field, String text, long max) {
        try {
            long n = Long.parseLong(text.strip());
            if (Math.abs(n) > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, "must be a whole number");
        }
    }
}
