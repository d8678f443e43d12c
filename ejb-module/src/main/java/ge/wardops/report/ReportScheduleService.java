package ge.wardops.report;

import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.notify.EmailSender;
import ge.wardops.report.ReportScheduleView.Cadence;
import ge.wardops.security.CallerScope;
import ge.wardops.security.Permissions;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.InvalidInputException.FieldError;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Report schedules as callers manage them: reports.generate to list, create, change and delete;
 * a schedule covers the regions its author may see (or the subset named), fixed when it is saved,
 * so a regional manager's scheduled reports never hold another region; each change is audited
 * with the schedule before and after.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class ReportScheduleService {

    @EJB
    ReportScheduleStore store;

    @Inject
    Permissions permissions;

    @EJB
    CallerScope caller;

    @EJB
    AuditLog audit;

    @Resource
    SessionContext session;

    public List<ReportScheduleView> list() {
        permissions.require(session, Permissions.REPORTS_GENERATE);
        RegionScope scope = caller.regions();
        return store.all().stream().filter(s -> visible(s, scope)).toList();
    }

    public ReportScheduleView get(long id) {
        permissions.require(session, Permissions.REPORTS_GENERATE);
        return visible(id);
    }

    public ReportScheduleView create(ReportScheduleDraft d) {
        permissions.require(session, Permissions.REPORTS_GENERATE);
        ReportScheduleStore.Row row = validate(d);
        long id = store.insert(row);
        ReportScheduleView created = store.find(id).orElseThrow();
        audit.record(AuditEntry.created("report_schedule", id, created).inRegion(region(created))
                .withDetails("report schedule '" + created.name() + "' created"));
        return created;
    }

    public ReportScheduleView update(long id, ReportScheduleDraft d) {
        permissions.require(session, Permissions.REPORTS_GENERATE);
        ReportScheduleView before = visible(id);
        if (d == null || d.version() == null) {
            throw new InvalidInputException("version", "the version you read, to refuse a lost update");
        }
        ReportScheduleStore.Row row = validate(d);
        if (!store.update(id, d.version(), row)) {
            throw new ConflictException("version", "changed by someone else meanwhile; reload and try again");
        }
        ReportScheduleView after = store.find(id).orElseThrow();
        audit.record(AuditEntry.updated("report_schedule", id, before, after).inRegion(region(after))
                .withDetails("report schedule '" + after.name() + "' changed"));
        return after;
    }

    public void delete(long id) {
        permissions.require(session, Permissions.REPORTS_GENERATE);
        ReportScheduleView before = visible(id);
        store.delete(id);
        audit.record(AuditEntry.deleted("report_schedule", id, before).inRegion(region(before))
                .withDetails("report schedule '" + before.name() + "' deleted"));
    }

    private ReportScheduleView visible(long id) {
        ReportScheduleView s = store.find(id).orElseThrow(() -> new UnknownEntityException("report schedule", id));
        if (!visible(s, caller.regions())) {
            throw new UnknownEntityException("report schedule", id);
        }
        return s;
    }

    private static boolean visible(ReportScheduleView s, RegionScope scope) {
        return scope.unrestricted() || (s.regionIds() != null && scope.regionIds().containsAll(s.regionIds()));
    }

    private static Long region(ReportScheduleView s) {
        return s.regionIds() != null && s.regionIds().size() == 1 ? s.regionIds().get(0) : null;
    }

    /** Every problem at once, as the other drafts do. */
    private ReportScheduleStore.Row validate(ReportScheduleDraft d) {
        if (d == null) {
            throw new InvalidInputException("body", "a report schedule as JSON");
        }
        List<FieldError> errors = new ArrayList<>();
        if (d.name() == null || d.name().isBlank() || d.name().length() > 120) {
            errors.add(new FieldError("name", "a name of 1 to 120 characters"));
        }
        Cadence cadence = null;
        try {
            cadence = Cadence.valueOf(d.cadence() == null ? "" : d.cadence().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("cadence", "MONTHLY or WEEKLY"));
        }
        String dayOfWeek = null;
        if (cadence == Cadence.MONTHLY && (d.dayOfMonth() == null || d.dayOfMonth() < 1 || d.dayOfMonth() > 28)) {
            errors.add(new FieldError("dayOfMonth", "1 to 28 for a monthly schedule (every month has it)"));
        }
        if (cadence == Cadence.WEEKLY) {
            try {
                dayOfWeek = ScheduleCalendar.day(d.dayOfWeek()).name().substring(0, 3);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("dayOfWeek", "MON, TUE, WED, THU, FRI, SAT or SUN for a weekly schedule"));
            }
        }
        LocalTime time = null;
        try {
            time = LocalTime.parse(d.time() == null ? "" : d.time().strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("time", "HH:MM in the bank's time zone"));
        }
        if (d.recipients() == null || d.recipients().length() > 1000) {
            errors.add(new FieldError("recipients", "comma-separated email addresses (at most 1000 characters)"));
        } else {
            try {
                EmailSender.recipients(d.recipients());
            } catch (jakarta.mail.internet.AddressException e) {
                errors.add(new FieldError("recipients", "comma-separated email addresses: " + e.getMessage()));
            }
        }
        Set<Long> regions = null;
        try {
            regions = ReportService.regions(caller.regions(), d.regionIds());
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new ReportScheduleStore.Row(d.name().strip(), cadence, cadence == Cadence.MONTHLY ? d.dayOfMonth() : null, dayOfWeek,
                time.withSecond(0).withNano(0), d.recipients().strip(), regions, session.getCallerPrincipal().getName(),
                d.enabled() == null || d.enabled());
    }
}
