package ge.wardops.report;

import ge.wardops.alerting.AlertDevice;
import ge.wardops.alerting.AlertingLookups;
import ge.wardops.alerting.AlertingQueries;
import ge.wardops.alerting.MaintenanceCalendar;
import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.devicestate.StateChangeHistory;
import ge.wardops.metrics.VictoriaMetricsReader;
import ge.wardops.probe.IcmpRoundSettings;
import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Generates one report, the one piece the API, the console and the schedules share: records it as
 * RUNNING, gathers its inputs for the given regions only, computes it, renders every format once,
 * stores them with its sections (for the on-screen view) and audits the generation (who, what,
 * which regions, how long), storing its progress (percent and step) as it goes. {@link #generate}
 * does it on the caller's thread (the schedules, {@code ?wait=true}); {@link #submit} records the
 * report and returns it RUNNING while the rest runs on the container's asynchronous EJB pool (not
 * the managed executor, whose threads the notification workers need). Callers decide the
 * permission and the regions; a failure is stored as FAILED with its reason (and rethrown by
 * {@link #generate}).
 */
@Stateless
public class ReportGeneration {

    private static final Logger LOG = Logger.getLogger(ReportGeneration.class.getName());

    @EJB
    ReportStore store;

    @EJB
    AlertingQueries alerting;

    @EJB
    SloTargetService targets;

    @Inject
    AlertingLookups lookups;

    @Inject
    StateChangeHistory history;

    @Inject
    VictoriaMetricsReader reader;

    @Inject
    IcmpRoundSettings rounds;

    @Inject
    ReportSettings settings;

    @Inject
    ReportCapacity capacity;

    @EJB
    AuditLog audit;

    @Resource
    SessionContext session;

    /** A recorded RUNNING report and what its generation needs. */
    public record Job(long id, ReportKind kind, ReportPeriod period, Set<Long> regionIds, List<AlertDevice> devices, String scope,
                      String actor, Long scheduleId, long startedNanos) {
    }

    /**
     * Generates the report on the caller's thread.
     *
     * @param regionIds the regions it covers, null for all
     * @return the stored report, DONE
     */
    public ReportView generate(ReportKind kind, ReportPeriod period, Set<Long> regionIds, String actor, Long scheduleId) {
        Job job = start(kind, period, regionIds, actor, scheduleId);
        run(job, true);
        return store.find(job.id()).orElseThrow();
    }

    /** Records the report as RUNNING and generates it in the background; the report as recorded. */
    public ReportView submit(ReportKind kind, ReportPeriod period, Set<Long> regionIds, String actor, Long scheduleId) {
        Job job = start(kind, period, regionIds, actor, scheduleId);
        // Through the business interface, so that the container runs it asynchronously.
        session.getBusinessObject(ReportGeneration.class).runInBackground(job);
        return store.find(job.id()).orElseThrow();
    }

    @Asynchronous
    public void runInBackground(Job job) {
        run(job, false);
    }

    private Job start(ReportKind kind, ReportPeriod period, Set<Long> regionIds, String actor, Long scheduleId) {
        long started = System.nanoTime();
        List<AlertDevice> devices = alerting.fleet().stream()
                .filter(d -> d.enabled() && (regionIds == null || regionIds.contains(d.regionId()))).toList();
        String scope = scopeLabel(devices, regionIds);
        long id = store.start(kind, period, regionIds, scope, actor, scheduleId, Instant.now().plus(settings.retention()));
        return new Job(id, kind, period, regionIds, devices, scope, actor, scheduleId, started);
    }

    private void run(Job job, boolean rethrow) {
        ReportProgress progress = (percent, step) -> store.progress(job.id(), percent, step);
        try {
            capacity.run(() -> generate(job, progress), progress);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "report " + job.id() + " failed", e);
            store.fail(job.id(), e.getMessage() == null ? e.toString() : e.getMessage());
            if (rethrow) {
                throw e;
            }
        }
    }

    private void generate(Job job, ReportProgress progress) {
        long id = job.id();
        ReportPeriod period = job.period();
        progress.at(5, "reading state changes, alerts and maintenance");
        ReportInputs in = new ReportInputs(period, rounds.interval(), job.scope(), job.devices(), lookups.groupNames(),
                new MaintenanceCalendar(lookups.windowsOverlapping(period.from(), period.to()), period.zone())
                        .occurrences(period.from(), period.to()),
                history.statusAt(period.from()), history.between(period.from(), period.to()),
                lookups.between(period.from(), period.to(), job.regionIds()), targets.targets(), settings.topN());
        AvailabilityReport report = new AvailabilityComputation(new ReportSamples(reader, HourlyRollup.rolledHours(reader))).compute(in, job.actor(), Instant.now(), progress);
        Map<ReportFormat, byte[]> documents = new EnumMap<>(ReportFormat.class);
        progress.at(70, "rendering CSV and XLSX");
        documents.put(ReportFormat.CSV, ReportCsv.render(report));
        documents.put(ReportFormat.XLSX, ReportXlsx.render(report));
        progress.at(85, "rendering PDF");
        documents.put(ReportFormat.PDF, ReportPdf.render(report, settings.pdfFont()));
        progress.at(95, "storing");
        store.finish(id, documents, ReportSections.of(report));
        long millis = (System.nanoTime() - job.startedNanos()) / 1_000_000;
        Set<Long> regionIds = job.regionIds();
        audit.recordAs(job.actor(), AuditEntry.of(AuditAction.GENERATE, "report", id).inRegion(regionIds != null && regionIds.size() == 1
                        ? regionIds.iterator().next() : null)
                .withDetails(job.kind() + " report " + period.label() + " for " + job.scope()
                        + (job.scheduleId() == null ? "" : " (schedule " + job.scheduleId() + ")")
                        + ": " + job.devices().size() + " devices, " + report.incidents().size() + " incidents, " + millis + " ms"));
    }

    /** "all regions", or the names of the regions covered. */
    static String scopeLabel(List<AlertDevice> devices, Set<Long> regionIds) {
        if (regionIds == null) {
            return "all regions";
        }
        Map<Long, String> names = new TreeMap<>();
        devices.forEach(d -> names.put(d.regionId(), d.regionName()));
        regionIds.forEach(r -> names.putIfAbsent(r, "region " + r));
        return names.isEmpty() ? "no regions" : String.join(", ", names.values());
    }
}
