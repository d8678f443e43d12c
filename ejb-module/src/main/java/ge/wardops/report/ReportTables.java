package ge.wardops.report;

import ge.wardops.report.ReportTable.CellType;
import ge.wardops.report.ReportTable.Column;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An availability report as its sections' tables, in the order every document shows them. */
public final class ReportTables {

    private ReportTables() {
    }

    private static final List<Column> AVAILABILITY = List.of(
            new Column("Name", CellType.TEXT), new Column("Part of", CellType.TEXT), new Column("Devices", CellType.INTEGER),
            new Column("SLO target %", CellType.PERCENT), new Column("SLA availability %", CellType.PERCENT),
            new Column("Raw availability %", CellType.PERCENT), new Column("Breach", CellType.TEXT),
            new Column("Coverage %", CellType.PERCENT), new Column("Downtime (min)", CellType.MINUTES),
            new Column("SLA downtime (min)", CellType.MINUTES), new Column("Maintenance (min)", CellType.MINUTES),
            new Column("Outages", CellType.INTEGER), new Column("Longest outage (min)", CellType.MINUTES),
            new Column("MTTR (min)", CellType.MINUTES), new Column("MTBF (h)", CellType.HOURS),
            new Column("Mean RTT (ms)", CellType.NUMBER), new Column("Mean loss %", CellType.PERCENT));

    private static final List<Column> INCIDENTS = List.of(
            new Column("Kind", CellType.TEXT), new Column("Subject", CellType.TEXT), new Column("Branch", CellType.TEXT),
            new Column("Region", CellType.TEXT), new Column("Severity", CellType.TEXT), new Column("Start", CellType.TIME),
            new Column("End", CellType.TIME), new Column("Duration (min)", CellType.MINUTES),
            new Column("Acknowledged by", CellType.TEXT), new Column("Acknowledged after (min)", CellType.MINUTES),
            new Column("Resolved by", CellType.TEXT), new Column("Suppressed by parent", CellType.TEXT),
            new Column("Maintenance", CellType.TEXT), new Column("Detail", CellType.TEXT));

    private static final List<Column> TOP = List.of(
            new Column("List", CellType.TEXT), new Column("Rank", CellType.INTEGER), new Column("Name", CellType.TEXT),
            new Column("Part of", CellType.TEXT), new Column("Value", CellType.NUMBER), new Column("Unit", CellType.TEXT));

    public static List<ReportTable> of(AvailabilityReport r) {
        List<ReportTable> out = new ArrayList<>();
        out.add(availability("Summary", List.of(r.fleet())));
        out.add(availability("Regions", r.regions()));
        out.add(availability("Branches", r.branches()));
        out.add(availability("Device groups", r.groups()));
        out.add(availability("Device types", r.types()));
        out.add(availability("Devices", r.devices()));
        List<List<Object>> incidents = new ArrayList<>(r.incidents().size());
        for (IncidentRow i : r.incidents()) {
            incidents.add(row(i.kind().name(), i.subject(), i.branch(), i.region(), i.severity(), i.start(), i.end(), minutes(i.duration()),
                    i.acknowledgedBy(), minutes(i.ackAfter()), i.resolvedBy(), i.suppressed() ? "yes" : "", i.maintenance() ? "yes" : "",
                    i.detail()));
        }
        out.add(new ReportTable("Incidents", INCIDENTS, incidents));
        List<List<Object>> top = new ArrayList<>(r.top().size());
        for (TopEntry t : r.top()) {
            top.add(row(t.category().title(), t.rank(), t.name(), t.parent(), t.value(), t.category().unit()));
        }
        out.add(new ReportTable("Top N", TOP, top));
        return out;
    }

    private static ReportTable availability(String title, List<AvailabilityRow> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (AvailabilityRow a : rows) {
            out.add(row(a.name(), a.parent(), a.devices(), a.targetPercent(), a.slaPercent(), a.rawPercent(), a.breach() ? "BREACH" : "",
                    a.coveragePercent(), minutes(a.downtime()), minutes(a.slaDowntime()), minutes(a.maintenance()), a.outages(),
                    minutes(a.longestOutage()), minutes(a.mttr()), a.mtbf() == null ? null : a.mtbf().toMillis() / 3_600_000.0,
                    a.meanRttMs(), a.meanLossPercent()));
        }
        return new ReportTable(title, AVAILABILITY, out);
    }

    static Double minutes(Duration d) {
        return d == null ? null : d.toMillis() / 60_000.0;
    }

    private static List<Object> row(Object... cells) {
        List<Object> out = new ArrayList<>(cells.length);
        for (Object c : cells) {
            out.add(c);
        }
        return out;
    }
}
