package ge.wardops.api;

import ge.wardops.alerting.Severity;
import ge.wardops.events.EventFilter;
import ge.wardops.events.EventKind;
import ge.wardops.events.EventQueries;
import ge.wardops.events.EventReceiverStatus;
import ge.wardops.events.MibLibrary;
import ge.wardops.events.MibView;
import ge.wardops.events.StoredEvent;
import ge.wardops.security.Roles;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.IpAddresses;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Locale;

@Path("events")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Events")
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class EventsResource {

    @EJB
    EventQueries events;

    @EJB
    MibLibrary mibs;

    @Context
    HttpServletRequest request;

    @GET
    @Operation(summary = "Traps and syslog messages in the caller's regions, newest first, filtered; page back with before")
    public List<StoredEvent> list(
            @Parameter(description = "TRAP, SYSLOG or STORM") @QueryParam("kind") String kind,
            @Parameter(description = "this severity or worse: INFO, WARNING, MAJOR, CRITICAL") @QueryParam("severity") String severity,
            @QueryParam("device") Long device,
            @Parameter(description = "the sender's address") @QueryParam("source") String source,
            @Parameter(description = "trap name (linkDown), OID, or syslog app-name/tag") @QueryParam("name") String name,
            @Parameter(description = "a part of the message, case-insensitive") @QueryParam("text") String text,
            @Parameter(description = "received at or after, ISO-8601") @QueryParam("from") String from,
            @Parameter(description = "received before, ISO-8601") @QueryParam("to") String to,
            @Parameter(description = "only sources the inventory does not know") @QueryParam("unknown") @DefaultValue("false") boolean unknown,
            @Parameter(description = "the last id of the previous page") @QueryParam("before") Long before,
            @Parameter(description = "that row's receivedAt (ISO-8601); with before, the page starts right after the pair "
                    + "(receivedAt, id); without it the row's time is looked up") @QueryParam("beforeAt") String beforeAt,
            @QueryParam("limit") @DefaultValue("100") @ParameterRange(min = 1, max = EventFilter.MAX_LIMIT) int limit) {
        return events.list(filter(kind, severity, device, source, name, text, from, to, unknown, before, beforeAt, limit));
    }

    @GET
    @Path("export")
    @Produces({"application/x-ndjson", "text/csv"})
    @Operation(summary = "The filtered events of the caller's regions, newest first, at most 100,000: as JSON lines "
            + "(format=jsonl, the default; one event per line, for a SIEM) or CSV (format=csv; a header line, text cells "
            + "starting with = + - @ tab or CR prefixed with ' so a spreadsheet runs no formula); streamed; the export itself is audited")
    public Response export(
            @Parameter(description = "jsonl (default) or csv") @QueryParam("format") @DefaultValue("jsonl") String format,
            @QueryParam("kind") String kind, @QueryParam("severity") String severity, @QueryParam("device") Long device,
            @QueryParam("source") String source, @QueryParam("name") String name, @QueryParam("text") String text,
            @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("unknown") @DefaultValue("false") boolean unknown) {
        EventQueries.ExportFormat as = value(EventQueries.ExportFormat.class, "format", format);
        EventFilter f = filter(kind, severity, device, source, name, text, from, to, unknown, null, null, EventFilter.MAX_LIMIT);
        String address = request.getRemoteAddr();
        // Streamed: each page of rows is written as it is read, so the body is never held in memory whole.
        StreamingOutput body = out -> events.export(f, as, address, out);
        return Response.ok(body, as.mediaType())
                .header("Content-Disposition", "attachment; filename=\"wardops-events." + as.extension() + "\"")
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("receivers")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.VIEWER})
    @Operation(summary = "Whether the trap and syslog receivers listen, and what they counted on this node (received, dropped, malformed, refused, stored)")
    public EventReceiverStatus receivers() {
        return events.receivers();
    }

    @GET
    @Path("mibs")
    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.VIEWER})
    @Operation(summary = "The MIB files traps are decoded with: the bundled ones (standard, Cisco, Fortinet) and those administrators added")
    public List<MibView> mibs() {
        return mibs.list();
    }

    @POST
    @Path("mibs")
    @Consumes({MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Add a MIB file (the body, as text, at most 2 MiB); every node decodes with it within a minute. A file "
            + "that does not compile with the loaded MIBs is refused (400, each problem as 'FILE line N: reason'); a module or "
            + "file name already loaded is 409. Audited")
    public Response addMib(
            @Parameter(description = "the file's name (default: its first module's name + .txt)") @QueryParam("fileName") String fileName,
            byte[] body, @Context UriInfo uri) {
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException("mib", "a MIB file is text (ASCII or UTF-8)");
        }
        MibView added = mibs.add(fileName, text);
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(added.id())).build()).entity(added).build();
    }

    @DELETE
    @Path("mibs/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Remove an added MIB file (409 while another added file imports from it). Audited")
    public Response deleteMib(@PathParam("id") long id) {
        mibs.delete(id);
        return Response.noContent().build();
    }

    private static EventFilter filter(String kind, String severity, Long device, String source, String name, String text, String from,
                                      String to, boolean unknown, Long before, String beforeAt, int limit) {
        String address = source == null || source.isBlank() ? null
                : IpAddresses.format(IpAddresses.parse("source", source.trim()));
        if (text != null && text.length() > 200) {
            throw new InvalidInputException("text", "at most 200 characters");
        }
        if (name != null && name.length() > 200) {
            throw new InvalidInputException("name", "at most 200 characters");
        }
        return new EventFilter(value(EventKind.class, "kind", kind), value(Severity.class, "severity", severity), device,
                address, blankToNull(name), blankToNull(text), QueryTimes.instant("from", from), QueryTimes.instant("to", to), unknown, before,
                before == null ? null : QueryTimes.instant("beforeAt", beforeAt), limit);
    }

    private static <E extends Enum<E>> E value(Class<E> type, String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, "one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
