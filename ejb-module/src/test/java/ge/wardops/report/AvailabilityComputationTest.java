package ge.wardops.report;

import ge.wardops.alerting.AlertDevice;
import ge.wardops.alerting.PastAlert;
import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.AlertState;
import ge.wardops.alerting.MaintenanceCalendar;
import ge.wardops.alerting.MaintenanceWindowView;
import ge.wardops.alerting.ScopeType;
import ge.wardops.alerting.Severity;
import ge.wardops.devicestate.DeviceStateChanged;
import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.inventory.DeviceType;
import ge.wardops.metrics.DiskSpool;
import ge.wardops.metrics.PingQueries;
import ge.wardops.metrics.Sample;
import ge.wardops.metrics.VictoriaMetricsReader;
import ge.wardops.metrics.VictoriaMetricsSettings;
import ge.wardops.metrics.VictoriaMetricsWriter;
import ge.wardops.testsupport.VictoriaMetricsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The numbers of an availability report against exact samples in a real VictoriaMetrics: two hours
 * of 10 s rounds (720), devices down for a known number of rounds, a gap without samples, a
 * maintenance window, recorded outages and an acknowledged alert; every expected number is
 * computed by hand from the samples written.
 */
class AvailabilityComputationTest {

    static final ZoneId ZONE = ZoneId.of("Asia/Tbilisi");
    static final Instant FROM = Instant.parse("2026-11-02T06:00:00Z");
    static final Duration ROUND = Duration.ofSeconds(10);
    static final int M = 720;
    static final ReportPeriod PERIOD = ReportPeriod.between(FROM, FROM.plus(ROUND.multipliedBy(M)), ZONE);

    static final AlertDevice D1 = device(1, "core-router-1", DeviceType.ROUTER, 11, "Vake", 1, "Tbilisi", Set.of(5L));
    static final AlertDevice D2 = device(2, "atm-2", DeviceType.ATM, 12, "Saburtalo", 1, "Tbilisi", Set.of(5L));
    static final AlertDevice D3 = device(3, "=HYPERLINK(\"x\")", DeviceType.ATM, 12, "Saburtalo", 1, "Tbilisi", Set.of());
    static final AlertDevice D4 = device(4, "never-seen", DeviceType.SWITCH, 21, "Batumi Center", 2, "Adjara", Set.of());

    @TempDir
    static Path work;

    static VictoriaMetricsProcess vm;
    static AvailabilityReport report;
    static ReportInputs in;
    static long queries;

    @BeforeAll
    static void writeSamplesAndCompute() throws Exception {
        vm = VictoriaMetricsProcess.startIn(work);
        List<Sample> samples = new ArrayList<>();
        // D1: down in rounds 100..189 (N = 90 of M = 720); a down sample exactly at the period's end belongs to the next one.
        rounds(samples, D1, r -> r < 100 || r >= 190, 0, M);
        samples.addAll(ping(D1, false, PERIOD.to()));
        // D2: always up, but no samples at all in rounds 360..539 (the server was down): unknown, not up and not down.
        rounds(samples, D2, r -> true, 0, 360);
        rounds(samples, D2, r -> true, 540, M);
        // D3: down in rounds 0..59 (inside its maintenance window) and 300..305 (outside).
        rounds(samples, D3, r -> r >= 60 && !(r >= 300 && r < 306), 0, M);
        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(VictoriaMetricsSettings.defaults().withBaseUri(vm.baseUri()),
                new DiskSpool(work.resolve("spool"), DiskSpool.DEFAULT_MAX_BYTES))) {
            writer.write(samples);
        }
        vm.forceFlush();

        MaintenanceWindowView window = new MaintenanceWindowView(1, "ATM cassette swap", ScopeType.DEVICE, "3", FROM,
                FROM.plus(Duration.ofMinutes(10)), null, null, null, "op", 0);
        MaintenanceCalendar calendar = new MaintenanceCalendar(List.of(window), ZONE);
        List<DeviceStateChanged> changes = List.of(
                change(D1, DeviceStatus.UP, DeviceStatus.DOWN, at(102)), change(D1, DeviceStatus.DOWN, DeviceStatus.UP, at(191)),
                change(D3, DeviceStatus.DOWN, DeviceStatus.UP, at(61)),
                change(D3, DeviceStatus.UP, DeviceStatus.DOWN, at(302)), change(D3, DeviceStatus.DOWN, DeviceStatus.UP, at(307)));
        AlertSnapshot alert = new AlertSnapshot(77, 1L, "Device down", "device:1", D1.name(), 1L, 11L, "Vake", 1L, "Tbilisi",
                Severity.CRITICAL, AlertState.RESOLVED, "core-router-1 is down", at(103), at(103).plusSeconds(120), "op1",
                at(191), false, null, false, false);
        in = new ReportInputs(PERIOD, ROUND, "all regions", List.of(D1, D2, D3, D4), Map.of(5L, "Core"),
                calendar.occurrences(PERIOD.from(), PERIOD.to()), Map.of(3L, DeviceStatus.DOWN), changes,
                List.of(new PastAlert(alert, "op2")), new SloTargets(99.5, Map.of(), Map.of(12L, 99.9)), 10);

        long before = vm.queryRequests();
        report = new AvailabilityComputation(new ReportSamples(new VictoriaMetricsReader(vm.baseUri(), Duration.ofSeconds(2),
                Duration.ofSeconds(30)))).compute(in, "auditor1", Instant.parse("2026-12-01T08:00:00Z"));
        queries = vm.queryRequests() - before;
    }

    /**
     * An hour starting at 00:00 UTC, marked done, on a day where the marks' series has no other
     * point: a report over that hour alone finds it (VictoriaMetrics searched only the day before
     * for a range ending exactly at midnight).
     */
    @Test
    void anHourStartingAtMidnightUtcIsFoundMarkedDone() throws Exception {
        Instant midnight = FROM.minus(Duration.ofDays(20)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        VictoriaMetricsReader reader = new VictoriaMetricsReader(vm.baseUri(), Duration.ofSeconds(2), Duration.ofSeconds(30));
        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(VictoriaMetricsSettings.defaults().withBaseUri(vm.baseUri()),
                new DiskSpool(work.resolve("midnight-spool"), DiskSpool.DEFAULT_MAX_BYTES))) {
            assertTrue(writer.writeNow(List.of(new Sample(PingQueries.HOUR_STATE_METRIC, Map.of(), PingQueries.HOUR_DONE,
                    midnight.toEpochMilli()))));
        }
        vm.forceFlush();
        assertEquals(Set.of(midnight), HourlyRollup.rolledHours(reader).between(midnight, midnight.plus(Duration.ofHours(1))));
        assertEquals(Set.of(midnight), HourlyRollup.rolledHours(reader).between(midnight.minus(Duration.ofHours(3)),
                midnight.plus(Duration.ofHours(1))), "and from hours before it, which have no mark");
    }

    @AfterAll
    static void stop() throws Exception {
        if (vm != null) {
            vm.close();
        }
    }

    @Test
    void aDeviceUnreachableForNOfMRoundsShowsMMinusNOverM() {
        AvailabilityRow d1 = device(1);
        assertEquals(100.0 * (M - 90) / M, d1.rawPercent(), 1e-9);
        assertEquals(d1.rawPercent(), d1.slaPercent(), 1e-9, "no maintenance for D1");
        assertEquals(Duration.ofSeconds(900), d1.downtime());
        assertEquals(100.0, d1.coveragePercent(), 1e-9, "the sample at the period's end belongs to the next period");
    }

    @Test
    void aGapWithoutSamplesIsUnknownCoverageNeitherUpNorDown() {
        AvailabilityRow d2 = device(2);
        assertEquals(100.0, d2.rawPercent(), 1e-9);
        assertEquals(Duration.ZERO, d2.downtime());
        assertEquals(100.0 * 540 / M, d2.coveragePercent(), 1e-9);
        AvailabilityRow d4 = device(4);
        assertNull(d4.rawPercent(), "nothing known");
        assertEquals(0.0, d4.coveragePercent(), 1e-9);
        assertFalse(d4.breach(), "what is not known is not a breach");
    }

    @Test
    void aMaintenanceWindowRemovesExactlyItsTime() {
        AvailabilityRow d3 = device(3);
        assertEquals(100.0 * (M - 66) / M, d3.rawPercent(), 1e-9);
        assertEquals(100.0 * (M - 60 - 6) / (M - 60), d3.slaPercent(), 1e-9);
        assertEquals(Duration.ofMinutes(10), d3.maintenance());
        assertEquals(Duration.ofSeconds(60), d3.slaDowntime());
        assertEquals(Duration.ofSeconds(660), d3.downtime());
    }

    @Test
    void outagesComeFromTheRecordedChangesWithMttrAndMtbf() {
        AvailabilityRow d1 = device(1);
        assertEquals(1, d1.outages());
        assertEquals(ROUND.multipliedBy(191 - 102), d1.longestOutage());
        assertEquals(ROUND.multipliedBy(191 - 102), d1.mttr());
        assertEquals(ROUND.multipliedBy(M - 90), d1.mtbf(), "up time per outage");
        AvailabilityRow d3 = device(3);
        assertEquals(2, d3.outages(), "the one it was already in at the start, and one more");
        assertEquals(ROUND.multipliedBy(61), d3.longestOutage());
        assertEquals(ROUND.multipliedBy(61 + 5).dividedBy(2), d3.mttr());
    }

    @Test
    void breachesComeFirstAgainstEachBranchsTarget() {
        List<AvailabilityRow> branches = report.branches();
        // Batumi Center has no samples at all: unknown, last, no breach.
        assertEquals(List.of("Vake", "Saburtalo", "Batumi Center"), branches.stream().map(AvailabilityRow::name).toList());
        AvailabilityRow saburtalo = branches.get(1);
        assertEquals(99.9, saburtalo.targetPercent(), 1e-9);
        assertEquals(100.0 * (540 + 654) / (540 + 660), saburtalo.slaPercent(), 1e-9);
        assertTrue(saburtalo.breach());
        assertEquals(List.of(1L, 3L, 2L, 4L), report.devices().stream().map(AvailabilityRow::id).toList());
        assertEquals(List.of("Tbilisi", "Adjara"), report.regions().stream().map(AvailabilityRow::name).toList());
        assertEquals(List.of("Core"), report.groups().stream().map(AvailabilityRow::name).toList());
        assertEquals(2, report.groups().get(0).devices());
        assertEquals(4, report.fleet().devices());
        assertEquals(100.0 * (630 + 540 + 654) / (720 + 540 + 720), report.fleet().rawPercent(), 1e-9);
    }

    @Test
    void incidentsListEveryOutageAndAlertWithTimeToAcknowledge() {
        List<IncidentRow> incidents = report.incidents();
        assertEquals(4, incidents.size());
        IncidentRow first = incidents.get(0);
        assertEquals(IncidentRow.Kind.OUTAGE, first.kind());
        assertEquals(D3.name(), first.subject());
        assertTrue(first.maintenance(), "it began inside the window");
        IncidentRow alert = incidents.stream().filter(i -> i.kind() == IncidentRow.Kind.ALERT).findFirst().orElseThrow();
        assertEquals(Duration.ofSeconds(120), alert.ackAfter());
        assertEquals("op1", alert.acknowledgedBy());
        assertEquals("op2", alert.resolvedBy());
        assertEquals(Duration.ofSeconds(120), report.mtta());
    }

    @Test
    void topNRanksTheWorstDevicesByDowntime() {
        List<TopEntry> downtime = report.top().stream().filter(t -> t.category() == TopEntry.Category.DEVICE_DOWNTIME).toList();
        assertEquals(List.of(D1.name(), D3.name()), downtime.stream().map(TopEntry::name).toList());
        assertEquals(15.0, downtime.get(0).value(), 1e-9);
        assertEquals(11.0, downtime.get(1).value(), 1e-9);
    }

    @Test
    void theStoredSectionsDrillDownFromRegionToBranchToDeviceWithTheSameNumbers() {
        ReportSections sections = ReportSections.fromJson(ReportSections.of(report).toJson());
        assertEquals(List.of("Tbilisi", "Adjara"), sections.regions().stream().map(AvailabilityRow::name).sorted(java.util.Comparator.reverseOrder())
                .toList());
        assertEquals(Set.of("Vake", "Saburtalo"), Set.copyOf(sections.branchesOf(1).stream().map(AvailabilityRow::name).toList()));
        assertEquals(List.of("Batumi Center"), sections.branchesOf(2).stream().map(AvailabilityRow::name).toList());
        assertEquals(Set.of(2L, 3L), Set.copyOf(sections.devicesOf(12).stream().map(AvailabilityRow::id).toList()));
        AvailabilityRow d1 = sections.devicesOf(11).get(0);
        assertEquals(device(1), d1, "every number as computed, after its JSON round trip");
        assertEquals(report.incidents(), sections.incidents());
        assertEquals(report.top(), sections.top());
        assertEquals(report.fleet(), sections.fleet());
        assertEquals(ROUND, sections.round());
    }

    @Test
    void theWholeFleetIsReadInOneQueryPlusOnePerMaintenanceInterval() {
        // (computed before any rollup existed: raw samples, one piece each)
        assertEquals(2, queries);
    }

    /**
     * The hourly rollups of the two hours give exactly the raw numbers: the whole report, and the counts
     * of periods that start or end inside an hour (read partly raw, partly rolled up); the sample at
     * the period's end stays out of the last hour's rollup. A sample written after its hour was rolled
     * up is missing from the rollup, which is why such an hour is marked stale and read raw.
     */
    @Test
    void hourlyRollupsGiveExactlyTheRawNumbers() throws Exception {
        VictoriaMetricsReader reader = new VictoriaMetricsReader(vm.baseUri(), Duration.ofSeconds(2), Duration.ofSeconds(30));
        Instant h6 = FROM;
        Instant h7 = FROM.plus(Duration.ofHours(1));
        ReportSamples raw = new ReportSamples(reader);
        ReportSamples rolled = new ReportSamples(reader, HourlyRollup.rolledHours(reader));
        try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(VictoriaMetricsSettings.defaults().withBaseUri(vm.baseUri()),
                new DiskSpool(work.resolve("rollup-spool"), DiskSpool.DEFAULT_MAX_BYTES))) {
            HourlyRollup rollup = new HourlyRollup(reader, writer::writeNow);
            // 06:00 and 07:00 have samples, 08:00 its one at 08:00:00.000 (the next period's); 05:00 is named too, since each
            // hour is looked at from a second before it (never missing a sample, at most a query for an empty hour).
            Instant h5 = h6.minus(Duration.ofHours(1));
            assertEquals(Set.of(h5, h6, h7, h7.plus(Duration.ofHours(1))), rollup.hoursWithSamples(h6.minus(Duration.ofDays(3)),
                    h6.plus(Duration.ofHours(5))));
            assertEquals(Set.of(), rollup.hoursWithSamples(h6.minus(Duration.ofDays(3)), h5), "nothing before");
            assertEquals(3, rollup.roll(h6), "D1, D2 and D3 have samples from 06:00");
            assertEquals(3, rollup.roll(h7));
            vm.forceFlush();
            assertEquals(15, vm.export(PingQueries.HOUR_ROLLUP_METRIC).size(), "five counts per device");
            assertEquals(Set.of(h6, h7), HourlyRollup.rolledHours(reader).between(h6.minus(Duration.ofDays(1)), h6.plus(Duration.ofDays(1))),
                    "the two hours are marked done in VictoriaMetrics");

            assertEquals(List.of(new ReportSamples.Piece(h6, PERIOD.to(), true)), rolled.pieces(PERIOD.from(), PERIOD.to()));
            long rangeQueries = vm.queryRangeRequests();
            AvailabilityReport fromRollups = new AvailabilityComputation(new ReportSamples(reader, HourlyRollup.rolledHours(reader)))
                    .compute(in, "auditor1", Instant.parse("2026-12-01T08:00:00Z"));
            assertEquals(rangeQueries + 1, vm.queryRangeRequests(), "one look for the rolled-up hours per report, maintenance included");
            assertEquals(report.fleet(), fromRollups.fleet());
            assertEquals(report.devices(), fromRollups.devices());
            assertEquals(report.branches(), fromRollups.branches());

            Instant half = h6.plus(Duration.ofMinutes(30));
            assertEquals(List.of(new ReportSamples.Piece(half, h7, false), new ReportSamples.Piece(h7, PERIOD.to(), true)),
                    rolled.pieces(half, PERIOD.to()));
            for (Instant[] p : new Instant[][]{{half, PERIOD.to()}, {h6, PERIOD.to().plusMillis(1)}, {h6.minusSeconds(5), h7},
                    {half, h7.plus(Duration.ofMinutes(20))}}) {
                assertSameCounts(raw.fleet(p[0], p[1]), rolled.fleet(p[0], p[1]), p[0] + " to " + p[1]);
                assertSameCounts(raw.devices(List.of(1L, 3L), p[0], p[1]), rolled.devices(List.of(1L, 3L), p[0], p[1]), "D1, D3 " + p[0]);
            }

            // A sample that arrives after its hour was rolled up (a spool's replay): only the raw samples know it...
            Instant late = h6.plusSeconds(600);
            writer.write(ping(device(98, "late", DeviceType.ATM, 12, "Saburtalo", 1, "Tbilisi", Set.of()), true, late));
            vm.forceFlush();
            assertTrue(raw.fleet(h6, h7).containsKey(98L));
            assertFalse(rolled.fleet(h6, h7).containsKey(98L), "the rollup was made before it came");
            // ...so the replay marks its hour and every later one stale (SampleArchive), and reports read them raw.
            assertEquals(List.of(h6), PingQueries.staleMarks(late, h7).stream().map(m -> Instant.ofEpochMilli(m.timestampMillis()))
                    .toList(), "an hour that has not ended needs no mark: it is rolled up later");
            assertTrue(writer.writeNow(PingQueries.staleMarks(late, PERIOD.to())));
            vm.forceFlush();
            assertEquals(Set.of(), HourlyRollup.rolledHours(reader).between(h6, PERIOD.to()), "both hours are stale now");
            // (a new computation, as a report is: one computation asks which hours are rolled up once)
            ReportSamples afterStale = new ReportSamples(reader, HourlyRollup.rolledHours(reader));
            assertSameCounts(raw.fleet(h6, PERIOD.to()), afterStale.fleet(h6, PERIOD.to()), "stale hours read raw");
            assertTrue(afterStale.fleet(h6, PERIOD.to()).containsKey(98L));
        }
    }

    private static void assertSameCounts(Map<Long, SampleCounts> expected, Map<Long, SampleCounts> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what);
        expected.forEach((id, e) -> {
            SampleCounts a = actual.get(id);
            assertEquals(e.rounds(), a.rounds(), what + " rounds of " + id);
            assertEquals(e.upRounds(), a.upRounds(), what + " up rounds of " + id);
            assertEquals(e.rttRounds(), a.rttRounds(), what + " RTT rounds of " + id);
            assertEquals(e.rttSumMs(), a.rttSumMs(), 1e-6, what + " RTT sum of " + id);
            assertEquals(e.lossSumPercent(), a.lossSumPercent(), 1e-6, what + " loss sum of " + id);
        });
    }

    private static AvailabilityRow device(long id) {
        return report.devices().stream().filter(r -> r.id() == id).findFirst().orElseThrow();
    }

    static AlertDevice device(long id, String name, DeviceType type, long branchId, String branch, long regionId, String region,
                              Set<Long> groups) {
        return new AlertDevice(id, name, "127.0.0." + id, type, branchId, branch, regionId, region, null, Set.of(), groups, true);
    }

    static Instant at(int round) {
        return FROM.plus(ROUND.multipliedBy(round));
    }

    static DeviceStateChanged change(AlertDevice d, DeviceStatus from, DeviceStatus to, Instant at) {
        return new DeviceStateChanged(d.id(), from, to, at, null, to == DeviceStatus.DOWN ? 100 : 0);
    }

    static void rounds(List<Sample> out, AlertDevice d, IntPredicate up, int first, int end) {
        for (int r = first; r < end; r++) {
            out.addAll(ping(d, up.test(r), at(r)));
        }
    }

    static List<Sample> ping(AlertDevice d, boolean up, Instant at) {
        Map<String, String> labels = Map.of("device_id", Long.toString(d.id()), "branch", d.branchName(), "region", d.regionName(),
                "type", d.type().name());
        List<Sample> s = new ArrayList<>(3);
        s.add(new Sample("wardops_ping_up", labels, up ? 1 : 0, at.toEpochMilli()));
        s.add(new Sample("wardops_ping_loss_percent", labels, up ? 0 : 100, at.toEpochMilli()));
        if (up) {
            s.add(new Sample("wardops_ping_rtt_ms", labels, 1.5 + d.id(), at.toEpochMilli()));
        }
        return s;
    }
}
