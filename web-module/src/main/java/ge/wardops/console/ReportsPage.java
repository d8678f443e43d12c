package ge.wardops.console;

import ge.wardops.report.AvailabilityRow;
import ge.wardops.report.IncidentRow;
import ge.wardops.report.ReportDocument;
import ge.wardops.report.ReportRequest;
import ge.wardops.report.ReportScheduleDraft;
import ge.wardops.report.ReportScheduleService;
import ge.wardops.report.ReportScheduleView;
import ge.wardops.report.ReportSections;
import ge.wardops.report.ReportService;
import ge.wardops.report.ReportStatus;
import ge.wardops.report.ReportView;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.model.DefaultStreamedContent;
import org.primefaces.model.StreamedContent;

import java.io.ByteArrayInputStream;
import java.io.Serializable;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Reports: generate one for a month (in the background: the page polls every second while a report
 * of the list is RUNNING and shows its progress), the list of reports the user may see with their
 * downloads, a finished report on screen with drill-down from region to branch to device (tables, a
 * bar chart, the incidents and Top N), and the report schedules. The same services as
 * /api/v1/reports decide permission and regions.
 */
@Named
@ViewScoped
public class ReportsPage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> INPUTS = Map.of("month", "reports:month");
    private static final Map<String, String> SCHEDULE_INPUTS = Map.of("name", "schedules:name", "cadence", "schedules:cadence",
            "dayOfMonth", "schedules:dayOfMonth", "dayOfWeek", "schedules:dayOfWeek", "time", "schedules:time",
            "recipients", "schedules:recipients");

    @EJB
    ReportService reports;

    @EJB
    ReportScheduleService schedules;

    @Inject
    ServiceErrors errors;

    @Inject
    ConsoleTime time;

    private transient List<ReportView> list;
    private transient List<ReportScheduleView> scheduleList;

    /** The report shown on screen (null: none), and the region and branch drilled into (null: above them). */
    private Long openId;
    private Long regionId;
    private Long branchId;
    /** GROUP or TYPE while the report is shown by device group or device type; null for the regions drill-down. */
    private String by;
    private transient ReportSections sections;

    private String month;
    private String name;
    private String cadence = "MONTHLY";
    private Integer dayOfMonth = 1;
    private String dayOfWeek = "MON";
    private String scheduleTime = "08:00";
    private String recipients;

    public List<ReportView> getReports() {
        if (list == null) {
            list = errors.read(Map.of(), reports::list, List.of());
        }
        return list;
    }

    public List<ReportScheduleView> getSchedules() {
        if (scheduleList == null) {
            scheduleList = errors.read(Map.of(), schedules::list, List.of());
        }
        return scheduleList;
    }

    /** Starts the chosen month's report (last month when none is chosen); the list shows its progress. */
    public void generate() {
        errors.attempt(INPUTS, () -> {
            ReportView r = reports.start(new ReportRequest("AVAILABILITY", month, null, null, null, null));
            list = null;
            return "Report " + r.id() + " for " + r.period() + " (" + r.scope() + ") is being generated.";
        });
    }

    /** Called by the poll: reads the list (and so the progress) again. */
    public void refresh() {
        list = null;
    }

    /** A report of the list is being generated: keep polling. */
    public boolean isRunning() {
        return getReports().stream().anyMatch(r -> r.status() == ReportStatus.RUNNING);
    }

    public boolean isFinished() {
        return !isRunning();
    }

    /** Shows a finished report on screen, at the top: its regions. */
    public void open(long id) {
        openId = id;
        regionId = null;
        branchId = null;
        by = null;
        sections = null;
    }

    /** The report's lines per device group (GROUP) or per device type (TYPE) instead of the regions; flat, no drill-down. */
    public void showBy(String what) {
        by = "GROUP".equals(what) || "TYPE".equals(what) ? what : null;
        regionId = null;
        branchId = null;
    }

    public void close() {
        openId = null;
        sections = null;
    }

    /** Drills into a region: its branches. */
    public void showRegion(long id) {
        by = null;
        regionId = id;
        branchId = null;
    }

    /** Drills into a branch: its devices. */
    public void showBranch(long id) {
        branchId = id;
    }

    /** Back to the report's regions. */
    public void showRegions() {
        by = null;
        regionId = null;
        branchId = null;
    }

    public Long getOpenId() {
        return openId;
    }

    /** The open report's sections; null when none is open or it cannot be shown (the message says why). */
    public ReportSections getSections() {
        if (sections == null && openId != null) {
            sections = errors.read(Map.of(), () -> reports.sections(openId), null);
            if (sections == null) {
                openId = null;
            }
        }
        return sections;
    }

    public ReportView getOpened() {
        return openId == null ? null : getReports().stream().filter(r -> r.id() == openId).findFirst().orElse(null);
    }

    /**
     * What the rows are: REGION (the report's regions), BRANCH (a region's branches), DEVICE (a
     * branch's devices), GROUP (the device groups) or TYPE (the device types).
     */
    public String getLevel() {
        return by != null ? by : branchId != null ? "DEVICE" : regionId != null ? "BRANCH" : "REGION";
    }

    public AvailabilityRow getRegion() {
        ReportSections s = getSections();
        return s == null || regionId == null ? null : s.region(regionId).orElse(null);
    }

    public AvailabilityRow getBranch() {
        ReportSections s = getSections();
        return s == null || branchId == null ? null : s.branch(branchId).orElse(null);
    }

    /** The line of what is shown: the branch, the region, or all devices of the report. */
    public AvailabilityRow getScopeRow() {
        ReportSections s = getSections();
        AvailabilityRow branch = getBranch();
        AvailabilityRow region = getRegion();
        return s == null ? null : branch != null ? branch : region != null ? region : s.fleet();
    }

    /** The rows of the level shown. */
    public List<AvailabilityRow> getRows() {
        ReportSections s = getSections();
        if (s == null) {
            return List.of();
        }
        return switch (getLevel()) {
            case "DEVICE" -> s.devicesOf(branchId);
            case "BRANCH" -> s.branchesOf(regionId);
            case "GROUP" -> s.groups();
            case "TYPE" -> s.types();
            default -> s.regions();
        };
    }

    /** The incidents of the region or branch shown (all of the report's at the top). */
    public List<IncidentRow> getIncidents() {
        ReportSections s = getSections();
        if (s == null) {
            return List.of();
        }
        AvailabilityRow region = getRegion();
        AvailabilityRow branch = getBranch();
        return s.incidents().stream()
                .filter(i -> region == null || region.name().equals(i.region()))
                .filter(i -> branch == null || branch.name().equals(i.branch()))
                .toList();
    }

    /** The bar chart of the rows shown. */
    public String getChart() {
        String what = switch (getLevel()) {
            case "DEVICE" -> "Devices of " + (getBranch() == null ? "branch " + branchId : getBranch().name());
            case "BRANCH" -> "Branches of " + (getRegion() == null ? "region " + regionId : getRegion().name());
            case "GROUP" -> "Device groups";
            case "TYPE" -> "Device types";
            default -> "Regions";
        };
        return AvailabilityBarChart.of(what + ": SLA availability %", getRows());
    }

    /** A duration in minutes for the tables (null stays empty). */
    public Double minutes(Duration d) {
        return d == null ? null : d.toMillis() / 60_000.0;
    }

    /** One document of a report as a download; the service audits it. */
    public StreamedContent download(long id, String format) {
        ReportDocument d = reports.download(id, format);
        return DefaultStreamedContent.builder().name(d.fileName()).contentType(d.format().contentType())
                .stream(() -> new ByteArrayInputStream(d.content())).build();
    }

    public void createSchedule() {
        errors.attempt(SCHEDULE_INPUTS, () -> {
            ReportScheduleView s = schedules.create(new ReportScheduleDraft(name, cadence, dayOfMonth, dayOfWeek, scheduleTime, recipients,
                    null, true, null));
            scheduleList = null;
            name = null;
            recipients = null;
            return "Schedule '" + s.name() + "' saved; next run " + time.format(s.nextRun()) + ".";
        });
    }

    public void deleteSchedule(long id) {
        errors.attempt(Map.of(), () -> {
            schedules.delete(id);
            scheduleList = null;
            return "Schedule deleted.";
        });
    }

    /** The month the field suggests: last month in the bank's zone. */
    public String getLastMonth() {
        return YearMonth.now(ZoneId.of(time.getZone())).minusMonths(1).toString();
    }

    public String getMonth() { return month; }
    public void setMonth(String month) { this.month = month; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getCadence() { return cadence; }
    public void setCadence(String cadence) { this.cadence = cadence; }
    public Integer getDayOfMonth() { return dayOfMonth; }
    public void setDayOfMonth(Integer dayOfMonth) { this.dayOfMonth = dayOfMonth; }
    public String getDayOfWeek() { return dayOfWeek; }
    public void setDayOfWeek(String dayOfWeek) { this.dayOfWeek = dayOfWeek; }
    public String getScheduleTime() { return scheduleTime; }
    public void setScheduleTime(String scheduleTime) { this.scheduleTime = scheduleTime; }
    public String getRecipients() { return recipients; }
    public void setRecipients(String recipients) { this.recipients = recipients; }
}
