package ge.wardops.report;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.security.CallerScope;
import ge.wardops.security.Permissions;
import ge.wardops.security.PermissionDeniedException;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.SiteSettings;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reports as callers ask for them (API and console alike): generating needs the reports.generate
 * permission and covers only the caller's regions (a regional manager's report never shows another
 * region, whatever the request names); listing, status and download show only reports whose
 * regions the caller may see; every download is audited as an export.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReportService {

    /** Reports the list shows at most, newest first. */
    static final int LIST_MAX = 200;

    @EJB
    ReportGeneration generation;

    @EJB
    ReportStore store;

    @Inject
    Permissions permissions;

    @EJB
    CallerScope caller;

    @Inject
    SiteSettings site;

    @EJB
    AuditLog audit;

    @Resource
    SessionContext session;

    /** Generates a report on the caller's thread and returns it DONE (the API's {@code ?wait=true}). */
    public ReportView generate(ReportRequest request) {
        Asked a = asked(request);
        return generation.generate(a.kind(), a.period(), a.regions(), session.getCallerPrincipal().getName(), null);
    }

    /**
     * Checks the request and returns the report RUNNING at once; it is generated in the background,
     * its progress and outcome in {@link #get}. A bad request or a region outside the caller's scope
     * is refused here, before anything runs.
     */
    public ReportView start(ReportRequest request) {
        Asked a = asked(request);
        return generation.submit(a.kind(), a.period(), a.regions(), session.getCallerPrincipal().getName(), null);
    }

    /** A checked request: what, when and which regions (null: all). */
    private record Asked(ReportKind kind, ReportPeriod period, Set<Long> regions) {
    }

    private Asked asked(ReportRequest request) {
        permissions.require(session, Permissions.REPORTS_GENERATE);
        if (request == null) {
            throw new InvalidInputException("body", "a report request as JSON, e.g. {\"kind\":\"AVAILABILITY\",\"month\":\"2026-11\"}");
        }
        ReportKind kind = kind(request.kind());
        ReportPeriod period = period(request);
        if (request.format() != null) {
            ReportFormat.of(request.format(), "format");
        }
        return new Asked(kind, period, regions(caller.regions(), request.regionIds()));
    }

    /**
     * A finished report's sections for the on-screen view (the same numbers as its documents): 409
     * while it is not DONE, 404 for one the caller may not see or one generated before sections
     * were kept (download it instead). Audited as a VIEW, like a download is an EXPORT.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public ReportSections sections(long id) {
        permissions.require(session, Permissions.REPORTS_GENERATE);
        ReportView r = done(id);
        ReportSections sections = store.sections(id).orElseThrow(() -> new UnknownEntityException("report sections", id
                + " (generated before reports kept them; download it)"));
        audit.record(AuditEntry.of(AuditAction.VIEW, "report", id).inRegion(r.regionIds() != null && r.regionIds().size() == 1 ? r.regionIds().get(0) : null)
                .withDetails("report " + id + " (" + r.kind() + " " + r.period() + ", " + r.scope() + ") opened on screen"));
        return sections;
    }

    public ReportView get(long id) {
        permissions.require(session, Permissions.REPORTS_GENERATE);
        return visible(id);
    }

    /** The reports the caller may see, newest first. */
    public List<ReportView> list() {
        permissions.require(session, Permissions.REPORTS_GENERATE);
        RegionScope scope = caller.regions();
        return store.newest(LIST_MAX).stream().filter(r -> visibleTo(r, scope)).toList();
    }

    /** One document of a finished report; audited as an export (in the same transaction as the read). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public ReportDocument download(long id, String format) {
        permissions.require(session, Permissions.REPORTS_GENERATE);
        ReportFormat f = ReportFormat.of(format, "format");
        ReportView r = done(id);
        byte[] content = store.document(id, f).orElseThrow(() -> new UnknownEntityException("report document", id + "/" + f));
        audit.record(AuditEntry.of(AuditAction.EXPORT, "report", id).inRegion(r.regionIds() != null && r.regionIds().size() == 1 ? r.regionIds().get(0) : null)
                .withDetails("report " + id + " (" + r.kind() + " " + r.period() + ", " + r.scope() + ") downloaded as " + f + ", " + content.length + " bytes"));
        return new ReportDocument("wardops-" + r.kind().name().toLowerCase(Locale.ROOT) + "-" + r.period().replaceAll("[^0-9A-Za-z-]+", "_") + "-" + id
                + "." + f.extension(), f, content);
    }

    /**
     * The regions a report covers: the caller's own, or the requested ones if all are the caller's;
     * null for every region (only for callers who see every region and asked for no subset).
     */
    static Set<Long> regions(RegionScope scope, List<Long> requested) {
        if (requested == null || requested.isEmpty()) {
            return scope.unrestricted() ? null : Set.copyOf(scope.regionIds());
        }
        Set<Long> asked = new HashSet<>(requested);
        if (asked.contains(null)) {
            throw new InvalidInputException("regionIds", "region ids, no nulls");
        }
        if (!scope.unrestricted() && !scope.regionIds().containsAll(asked)) {
            throw new PermissionDeniedException("a report may only cover your own regions");
        }
        return Set.copyOf(asked);
    }

    /** A report the caller may see: 404 for one that does not exist or covers regions outside the caller's scope. */
    private ReportView visible(long id) {
        ReportView r = store.find(id).orElseThrow(() -> new UnknownEntityException("report", id));
        if (!visibleTo(r, caller.regions())) {
            throw new UnknownEntityException("report", id);
        }
        return r;
    }

    /** A report the caller may see that has finished: 409 while it is RUNNING or after it FAILED. */
    private ReportView done(long id) {
        ReportView r = visible(id);
        if (r.status() != ReportStatus.DONE) {
            throw new ge.wardops.shared.ConflictException("status", "report " + id + " is " + r.status() + (r.error() == null ? "" : ": " + r.error()));
        }
        return r;
    }

    static boolean visibleTo(ReportView r, RegionScope scope) {
        return scope.unrestricted() || (r.regionIds() != null && scope.regionIds().containsAll(r.regionIds()));
    }

    private ReportPeriod period(ReportRequest r) {
        boolean month = r.month() != null && !r.month().isBlank();
        if (month && (r.from() != null || r.to() != null)) {
            throw new InvalidInputException("month", "either a month or from/to, not both");
        }
        if (month) {
            try {
                return ReportPeriod.month(YearMonth.parse(r.month().strip()), site.zone());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException("month", "a month as YYYY-MM, was '" + r.month() + "'");
            }
        }
        if (r.from() == null && r.to() == null) {
            return ReportPeriod.lastMonth(Instant.now(), site.zone());
        }
        if (r.from() == null || r.to() == null) {
            throw new InvalidInputException(r.from() == null ? "from" : "to", "from and to together (ISO-8601 UTC)");
        }
        return ReportPeriod.between(r.from(), r.to(), site.zone());
    }

    private static ReportKind kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return ReportKind.AVAILABILITY;
        }
        try {
            return ReportKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("kind", "AVAILABILITY (SLA, incidents and Top N in one report), was '" + kind + "'");
        }
    }
}
