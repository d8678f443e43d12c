package ge.wardops.report;

import ge.wardops.alerting.AlertDevice;
import ge.wardops.alerting.PastAlert;
import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.MaintenanceCalendar;
import ge.wardops.alerting.MaintenanceWindowView;
import ge.wardops.alerting.RuleScope;
import ge.wardops.devicestate.DeviceStateChanged;
import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.report.AvailabilityRow.Level;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Computes an availability / SLA report from the samples and the recorded facts. Availability comes
 * from the samples (one per device per round: a round with a reply is up, one without is down, a
 * round with no sample is unknown and counts nowhere but in the coverage); outages, MTTR and MTBF
 * come from the recorded state changes (the debounced DOWN and UP the operators saw). VictoriaMetrics
 * is asked once for the fleet and once per distinct maintenance interval, never once per device.
 */
public final class AvailabilityComputation {

    private final ReportSamples samples;

    public AvailabilityComputation(ReportSamples samples) {
        this.samples = samples;
    }

    /** What is known of one device over the period. */
    record DeviceFacts(AlertDevice device, SampleCounts all, SampleCounts inMaintenance, Duration maintenance, List<Outage> outages) {
    }

    public AvailabilityReport compute(ReportInputs in, String generatedBy, Instant generatedAt) {
        return compute(in, generatedBy, generatedAt, ReportProgress.NONE);
    }

    /** The same, telling {@code progress} when the samples have been read (from 20 % to 60 % of the whole generation). */
    public AvailabilityReport compute(ReportInputs in, String generatedBy, Instant generatedAt, ReportProgress progress) {
        ReportPeriod p = in.period();
        progress.at(20, "querying samples");
        Map<Long, SampleCounts> fleet = samples.fleet(p.from(), p.to());
        Map<Long, List<Interval>> maintenance = maintenanceOf(in);
        progress.at(40, "querying samples in maintenance");
        Map<Long, SampleCounts> inMaintenance = maintenanceCounts(maintenance);
        progress.at(60, "computing availability");
        Map<Long, List<Outage>> outages = outages(in);

        List<DeviceFacts> facts = new ArrayList<>(in.devices().size());
        for (AlertDevice d : in.devices()) {
            List<Interval> m = maintenance.getOrDefault(d.id(), List.of());
            facts.add(new DeviceFacts(d, fleet.getOrDefault(d.id(), SampleCounts.NONE), inMaintenance.getOrDefault(d.id(), SampleCounts.NONE),
                    m.stream().map(Interval::length).reduce(Duration.ZERO, Duration::plus), outages.getOrDefault(d.id(), List.of())));
        }

        Tally all = new Tally(in.round());
        Map<Long, Tally> regions = new LinkedHashMap<>();
        Map<Long, Tally> branches = new LinkedHashMap<>();
        Map<Long, Tally> groups = new LinkedHashMap<>();
        Map<String, Tally> types = new TreeMap<>();
        List<AvailabilityRow> devices = new ArrayList<>(facts.size());
        for (DeviceFacts f : facts) {
            AlertDevice d = f.device();
            all.add(f, p);
            regions.computeIfAbsent(d.regionId(), k -> new Tally(in.round())).add(f, p);
            branches.computeIfAbsent(d.branchId(), k -> new Tally(in.round())).add(f, p);
            for (Long g : d.groupIds()) {
                if (in.groupNames().containsKey(g)) {
                    groups.computeIfAbsent(g, k -> new Tally(in.round())).add(f, p);
                }
            }
            types.computeIfAbsent(d.type().name(), k -> new Tally(in.round())).add(f, p);
            Tally one = new Tally(in.round());
            one.add(f, p);
            devices.add(one.row(Level.DEVICE, d.id(), d.name(), d.branchName() + " / " + d.regionName(), d.branchId(),
                    in.targets().forBranch(d.branchId(), d.regionId()), in.round()));
        }
        Map<Long, AlertDevice> firstOfRegion = new HashMap<>();
        Map<Long, AlertDevice> firstOfBranch = new HashMap<>();
        for (DeviceFacts f : facts) {
            firstOfRegion.putIfAbsent(f.device().regionId(), f.device());
            firstOfBranch.putIfAbsent(f.device().branchId(), f.device());
        }
        List<AvailabilityRow> regionRows = new ArrayList<>();
        regions.forEach((id, t) -> regionRows.add(t.row(Level.REGION, id, firstOfRegion.get(id).regionName(), null, null,
                in.targets().forRegion(id), in.round())));
        List<AvailabilityRow> branchRows = new ArrayList<>();
        branches.forEach((id, t) -> {
            AlertDevice d = firstOfBranch.get(id);
            branchRows.add(t.row(Level.BRANCH, id, d.branchName(), d.regionName(), d.regionId(), in.targets().forBranch(id, d.regionId()), in.round()));
        });
        List<AvailabilityRow> groupRows = new ArrayList<>();
        groups.forEach((id, t) -> groupRows.add(t.row(Level.GROUP, id, in.groupNames().get(id), null, null, in.targets().defaultPercent(), in.round())));
        List<AvailabilityRow> typeRows = new ArrayList<>();
        types.forEach((type, t) -> typeRows.add(t.row(Level.TYPE, 0, type, null, null, in.targets().defaultPercent(), in.round())));

        AvailabilityRow fleetRow = all.row(Level.FLEET, 0, "All devices in scope", null, null, in.targets().defaultPercent(), in.round());
        List<AvailabilityRow> devicesTop = List.copyOf(devices);
        return new AvailabilityReport(p, in.scope(), generatedBy, generatedAt, in.round(), fleetRow, breachesFirst(regionRows),
                breachesFirst(branchRows), breachesFirst(groupRows), breachesFirst(typeRows), breachesFirst(devices),
                incidents(in, facts, maintenance), top(in.topN(), branchRows, devicesTop), mtta(in.alerts()));
    }

    /** Breaches first, then the worst SLA-adjusted availability, then by name; unknown ones last. */
    static List<AvailabilityRow> breachesFirst(List<AvailabilityRow> rows) {
        List<AvailabilityRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing((AvailabilityRow r) -> !r.breach())
                .thenComparing(AvailabilityRow::slaPercent, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(AvailabilityRow::name, Comparator.nullsLast(Comparator.naturalOrder())));
        return List.copyOf(sorted);
    }

    /** [start, end) inside the period. */
    record Interval(Instant start, Instant end) {
        Duration length() {
            return Duration.between(start, end);
        }
    }

    /** Each device's maintenance time inside the period, overlapping runs merged (so nothing is removed twice). */
    static Map<Long, List<Interval>> maintenanceOf(ReportInputs in) {
        Map<Long, List<Interval>> raw = new HashMap<>();
        for (MaintenanceCalendar.Occurrence o : in.maintenance()) {
            Instant s = o.start().isBefore(in.period().from()) ? in.period().from() : o.start();
            Instant e = o.end().isAfter(in.period().to()) ? in.period().to() : o.end();
            if (!e.isAfter(s)) {
                continue;
            }
            MaintenanceWindowView w = o.window();
            RuleScope scope = RuleScope.of(w.scopeType(), w.scopeValue());
            for (AlertDevice d : in.devices()) {
                if (scope.covers(d)) {
                    raw.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(new Interval(s, e));
                }
            }
        }
        Map<Long, List<Interval>> merged = new HashMap<>();
        raw.forEach((id, list) -> {
            list.sort(Comparator.comparing(Interval::start));
            List<Interval> out = new ArrayList<>();
            for (Interval i : list) {
                Interval last = out.isEmpty() ? null : out.get(out.size() - 1);
                if (last != null && !i.start().isAfter(last.end())) {
                    out.set(out.size() - 1, new Interval(last.start(), i.end().isAfter(last.end()) ? i.end() : last.end()));
                } else {
                    out.add(i);
                }
            }
            merged.put(id, out);
        });
        return merged;
    }

    /** The samples inside each device's maintenance: one query per distinct interval, for all its devices at once. */
    private Map<Long, SampleCounts> maintenanceCounts(Map<Long, List<Interval>> maintenance) {
        Map<Interval, List<Long>> devicesByInterval = new HashMap<>();
        maintenance.forEach((id, list) -> list.forEach(i -> devicesByInterval.computeIfAbsent(i, k -> new ArrayList<>()).add(id)));
        Map<Long, SampleCounts> out = new HashMap<>();
        devicesByInterval.forEach((interval, ids) -> samples.devices(ids, interval.start(), interval.end())
                .forEach((id, c) -> out.merge(id, c, SampleCounts::plus)));
        return out;
    }

    /** Each device's outages from its status at the start and its recorded changes (oldest first). */
    static Map<Long, List<Outage>> outages(ReportInputs in) {
        Map<Long, Instant> downSince = new HashMap<>();
        Map<Long, Boolean> before = new HashMap<>();
        in.statusAtStart().forEach((id, s) -> {
            if (s == DeviceStatus.DOWN) {
                downSince.put(id, in.period().from());
                before.put(id, true);
            }
        });
        Map<Long, List<Outage>> out = new HashMap<>();
        List<DeviceStateChanged> changes = new ArrayList<>(in.changes());
        changes.sort(Comparator.comparing(DeviceStateChanged::at));
        for (DeviceStateChanged c : changes) {
            if (c.at().isBefore(in.period().from()) || !c.at().isBefore(in.period().to())) {
                continue;
            }
            if (c.to() == DeviceStatus.DOWN) {
                downSince.putIfAbsent(c.deviceId(), c.at());
            } else if (downSince.containsKey(c.deviceId())) {
                out.computeIfAbsent(c.deviceId(), k -> new ArrayList<>())
                        .add(new Outage(c.deviceId(), downSince.remove(c.deviceId()), c.at(), before.remove(c.deviceId()) != null));
            }
        }
        downSince.forEach((id, since) -> out.computeIfAbsent(id, k -> new ArrayList<>())
                .add(new Outage(id, since, null, before.get(id) != null)));
        return out;
    }

    private static List<IncidentRow> incidents(ReportInputs in, List<DeviceFacts> facts, Map<Long, List<Interval>> maintenance) {
        ReportPeriod p = in.period();
        List<IncidentRow> rows = new ArrayList<>();
        for (DeviceFacts f : facts) {
            AlertDevice d = f.device();
            for (Outage o : f.outages()) {
                boolean inMaintenance = maintenance.getOrDefault(d.id(), List.of()).stream()
                        .anyMatch(i -> !o.start().isBefore(i.start()) && o.start().isBefore(i.end()));
                rows.add(new IncidentRow(IncidentRow.Kind.OUTAGE, d.name(), d.branchName(), d.regionName(), null, o.start(), o.end(),
                        o.within(p.from(), p.to()), null, null, null, false, inMaintenance,
                        (o.startedBefore() ? "down since before the period" : "down") + (o.ended() ? ", back up" : ", still down at the end")));
            }
        }
        for (PastAlert r : in.alerts()) {
            AlertSnapshot a = r.alert();
            Instant end = a.resolvedAt();
            rows.add(new IncidentRow(IncidentRow.Kind.ALERT, a.subjectName(), a.branchName(), a.regionName(), a.severity().name(),
                    a.triggeredAt(), end, Duration.between(a.triggeredAt(), end == null || end.isAfter(p.to()) ? p.to() : end),
                    a.acknowledgedBy(), a.acknowledgedAt() == null ? null : Duration.between(a.triggeredAt(), a.acknowledgedAt()),
                    r.resolvedBy(), a.suppressed(), a.inMaintenance(), a.ruleName() == null ? a.message() : a.ruleName() + ": " + a.message()));
        }
        rows.sort(Comparator.comparing(IncidentRow::start).thenComparing(IncidentRow::kind).thenComparing(IncidentRow::subject,
                Comparator.nullsLast(Comparator.naturalOrder())));
        return List.copyOf(rows);
    }

    private static List<TopEntry> top(int n, List<AvailabilityRow> branches, List<AvailabilityRow> devices) {
        List<TopEntry> out = new ArrayList<>();
        rank(out, n, TopEntry.Category.BRANCH_DOWNTIME, branches, r -> r.downtime().toMillis() / 60_000.0, true);
        rank(out, n, TopEntry.Category.DEVICE_DOWNTIME, devices, r -> r.downtime().toMillis() / 60_000.0, true);
        rank(out, n, TopEntry.Category.DEVICE_RTT, devices, AvailabilityRow::meanRttMs, false);
        rank(out, n, TopEntry.Category.DEVICE_LOSS, devices, AvailabilityRow::meanLossPercent, true);
        return List.copyOf(out);
    }

    private static void rank(List<TopEntry> out, int n, TopEntry.Category category, List<AvailabilityRow> rows,
                             Function<AvailabilityRow, Double> value, boolean positiveOnly) {
        List<AvailabilityRow> ranked = rows.stream().filter(r -> value.apply(r) != null && (!positiveOnly || value.apply(r) > 0))
                .sorted(Comparator.comparing(value, Comparator.reverseOrder()).thenComparing(AvailabilityRow::name)).limit(n).toList();
        for (int i = 0; i < ranked.size(); i++) {
            AvailabilityRow r = ranked.get(i);
            out.add(new TopEntry(category, i + 1, r.name(), r.parent(), value.apply(r)));
        }
    }

    private static Duration mtta(List<PastAlert> alerts) {
        List<Duration> acks = alerts.stream().map(PastAlert::alert).filter(a -> a.acknowledgedAt() != null)
                .map(a -> Duration.between(a.triggeredAt(), a.acknowledgedAt())).toList();
        return acks.isEmpty() ? null : acks.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(acks.size());
    }

    /** Sums of a set of devices' facts: a region, a branch, a group, a type, one device or the fleet. */
    static final class Tally {
        int devices;
        SampleCounts all = SampleCounts.NONE;
        SampleCounts inMaintenance = SampleCounts.NONE;
        Duration maintenance = Duration.ZERO;
        long expectedMillis;
        long knownMillis;
        int outages;
        int ended;
        Duration outageTime = Duration.ZERO;
        Duration longest = Duration.ZERO;
        final Set<Long> seen = new java.util.HashSet<>();
        final long roundMillis;

        Tally(Duration round) {
            this.roundMillis = round.toMillis();
        }

        void add(DeviceFacts f, ReportPeriod p) {
            if (!seen.add(f.device().id())) {
                return;
            }
            devices++;
            all = all.plus(f.all());
            inMaintenance = inMaintenance.plus(f.inMaintenance());
            maintenance = maintenance.plus(f.maintenance());
            expectedMillis += p.length().toMillis();
            knownMillis += knownMillis(f.all(), p);
            for (Outage o : f.outages()) {
                Duration d = o.within(p.from(), p.to());
                outages++;
                if (d.compareTo(longest) > 0) {
                    longest = d;
                }
                if (o.ended()) {
                    ended++;
                    outageTime = outageTime.plus(d);
                }
            }
        }

        /** A device's time with samples; a round interval's jitter may give one sample more than fits. */
        private long knownMillis(SampleCounts c, ReportPeriod p) {
            return Math.min(p.length().toMillis(), c.rounds() * roundMillis);
        }

        AvailabilityRow row(Level level, long id, String name, String parent, Long parentId, double target, Duration round) {
            SampleCounts sla = all.minus(inMaintenance);
            Double raw = all.rounds() == 0 ? null : 100.0 * all.upRounds() / all.rounds();
            Double adjusted = sla.rounds() == 0 ? null : 100.0 * sla.upRounds() / sla.rounds();
            Duration uptime = round.multipliedBy(all.upRounds());
            return new AvailabilityRow(level, id, name, parent, parentId, devices, raw, adjusted, round.multipliedBy(all.downRounds()),
                    round.multipliedBy(sla.downRounds()), maintenance, outages, longest,
                    ended == 0 ? null : outageTime.dividedBy(ended), outages == 0 ? null : uptime.dividedBy(outages), target,
                    expectedMillis == 0 ? null : Math.min(100.0, 100.0 * knownMillis / expectedMillis),
                    all.meanRttMs(), all.meanLossPercent());
        }
    }
}
