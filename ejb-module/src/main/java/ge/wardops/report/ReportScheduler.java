package ge.wardops.report;

import ge.wardops.notify.DeliveryFailure;
import ge.wardops.notify.EmailSender;
import ge.wardops.notify.MailedDocuments;
import ge.wardops.shared.SiteSettings;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the report schedules: once a minute, every enabled schedule with a due occurrence
 * ({@link ScheduleCalendar}) is claimed ({@link ScheduleClaims}: one row per occurrence, so on any
 * number of nodes and after any restart it runs once), its report generated and stored like any
 * other, and its PDF and XLSX mailed to the recipients. A mail that fails is recorded and not
 * retried: the report stays downloadable. Expired reports are deleted on the same tick, and
 * reports RUNNING without progress for {@code wardops.reports.stale-after-minutes} (cut off by a
 * restart of whichever node ran them) are marked FAILED.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReportScheduler {

    private static final Logger LOG = Logger.getLogger(ReportScheduler.class.getName());
    /** Who claimed an occurrence: this JVM (host and pid), for the operator reading report_schedule_runs. */
    static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

    @EJB
    ReportScheduleStore schedules;

    @EJB
    ReportGeneration generation;

    @EJB
    ReportStore reports;

    @Inject
    MailedDocuments mail;

    @Inject
    SiteSettings site;

    @Inject
    ReportSettings settings;

    private volatile boolean running;

    @Schedule(second = "0", minute = "*", hour = "*", persistent = false, info = "report schedules")
    void tick() {
        if (running) {
            return; // a long report is still being generated; the next tick picks up what is due
        }
        running = true;
        try {
            runDue(Instant.now());
            reports.deleteExpired(Instant.now());
            failStale(Instant.now());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "report schedules: " + e, e);
        } finally {
            running = false;
        }
    }

    /** Marks FAILED the reports whose generation stopped making progress; how many. */
    int failStale(Instant now) {
        int failed = reports.failStale(now.minus(settings.staleAfter()));
        if (failed > 0) {
            LOG.warning(failed + " report(s) RUNNING without progress for " + settings.staleAfter().toMinutes() + " minutes marked FAILED");
        }
        return failed;
    }

    /** Runs every occurrence due at {@code now} that this node claims; how many it ran. */
    public int runDue(Instant now) {
        int ran = 0;
        for (ReportScheduleView s : schedules.all()) {
            if (!s.enabled()) {
                continue;
            }
            ScheduleCalendar calendar = ScheduleCalendar.of(s, site.zone());
            Optional<Instant> due = calendar.due(now, s.createdAt());
            if (due.isEmpty() || !schedules.claim(s.id(), due.get(), NODE)) {
                continue;
            }
            ran++;
            run(s, due.get(), calendar.period(due.get()));
        }
        return ran;
    }

    private void run(ReportScheduleView s, Instant occurrence, ReportPeriod period) {
        ReportView report;
        try {
            report = generation.generate(ReportKind.AVAILABILITY, period, s.regionIds() == null ? null : new HashSet<>(s.regionIds()),
                    "schedule:" + s.id() + " (" + s.owner() + ")", s.id());
        } catch (RuntimeException e) {
            schedules.record(s.id(), occurrence, null, "FAILED", String.valueOf(e.getMessage()));
            return;
        }
        try {
            String base = "wardops-availability-" + period.label().replaceAll("[^0-9A-Za-z-]+", "_") + "-" + report.id();
            mail.send(s.recipients(), "WARD OPS availability report " + period.label() + " (" + report.scope() + ")",
                    "The availability and SLA report '" + s.name() + "' for " + period.label() + " (" + report.scope() + ", time zone "
                            + period.zone().getId() + ") is attached as PDF and XLSX.\n\nIt stays downloadable as report " + report.id()
                            + " in WARD OPS until " + report.expiresAt() + ".\n",
                    List.of(attachment(report.id(), ReportFormat.PDF, base), attachment(report.id(), ReportFormat.XLSX, base)));
            schedules.record(s.id(), occurrence, report.id(), "MAILED", "to " + s.recipients());
        } catch (DeliveryFailure e) {
            LOG.warning("report schedule " + s.id() + ": mail failed: " + e.getMessage());
            schedules.record(s.id(), occurrence, report.id(), "MAIL_FAILED", e.getMessage());
        }
    }

    private EmailSender.Attachment attachment(long report, ReportFormat format, String base) {
        return new EmailSender.Attachment(base + "." + format.name().toLowerCase(Locale.ROOT), format.contentType(),
                reports.document(report, format).orElseThrow());
    }
}
