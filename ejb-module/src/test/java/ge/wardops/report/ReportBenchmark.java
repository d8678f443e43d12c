package ge.wardops.report;

import ge.wardops.alerting.AlertDevice;
import ge.wardops.alerting.MaintenanceCalendar;
import ge.wardops.alerting.MaintenanceWindowView;
import ge.wardops.alerting.ScopeType;
import ge.wardops.inventory.DeviceType;
import ge.wardops.metrics.DiskSpool;
import ge.wardops.metrics.VictoriaMetricsReader;
import ge.wardops.metrics.VictoriaMetricsSettings;
import ge.wardops.metrics.VictoriaMetricsWriter;
import ge.wardops.testsupport.VictoriaMetricsProcess;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * The report benchmark (deployment/bench/reports): a fresh VictoriaMetrics backfilled with
 * {@code days} of 10 s rounds for {@code devices} devices (up, loss and RTT, every device down for a
 * few rounds a day, a weekly maintenance window per region), then the availability report computed
 * from it as the server does (one fleet query, one per maintenance interval) and rendered as PDF,
 * XLSX and CSV, {@code runs} times. Not a test: a main class printing one JSON line.
 *
 *   java ... ge.wardops.report.ReportBenchmark <work dir> [devices] [days] [runs]
 */
public final class ReportBenchmark {

    static final ZoneId ZONE = ZoneId.of("Asia/Tbilisi");
    static final int ROUND_SECONDS = 10;

    private ReportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        int devices = args.length > 1 ? Integer.parseInt(args[1]) : 875;
        int days = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Instant to = Instant.now().truncatedTo(ChronoUnit.DAYS);
        Instant from = to.minus(Duration.ofDays(days));
        List<AlertDevice> fleet = fleet(devices);
        try (VictoriaMetricsProcess vm = VictoriaMetricsProcess.startIn(work)) {
            long started = System.nanoTime();
            long samples = backfill(vm.baseUri(), fleet, from, days);
            vm.forceFlush();
            double backfillSeconds = (System.nanoTime() - started) / 1e9;

            ReportPeriod period = ReportPeriod.between(from, to, ZONE);
            List<MaintenanceWindowView> windows = new ArrayList<>();
            fleet.stream().map(AlertDevice::regionId).distinct().forEach(r -> windows.add(new MaintenanceWindowView(r, "weekly " + r,
                    ScopeType.REGION, String.valueOf(r), from.plus(Duration.ofHours(r % 24)), from.plus(Duration.ofHours(r % 24 + 1)),
                    "WEEKLY", null, null, "bench", 0)));
            ReportInputs in = new ReportInputs(period, Duration.ofSeconds(ROUND_SECONDS), "all regions", fleet, Map.of(),
                    new MaintenanceCalendar(windows, ZONE).occurrences(from, to), Map.of(), List.of(), List.of(), SloTargets.of(99.5), 10);
            VictoriaMetricsReader reader = new VictoriaMetricsReader(vm.baseUri(), Duration.ofSeconds(2), Duration.ofSeconds(120));

            // The hourly rollups, as the leader's job writes them hour by hour (here all at once, timed: the one-time catch-up).
            java.util.TreeSet<Instant> rolled = new java.util.TreeSet<>();
            long rollStarted = System.nanoTime();
            double slowestHour = 0;
            try (VictoriaMetricsWriter writer = new VictoriaMetricsWriter(VictoriaMetricsSettings.defaults().withBaseUri(vm.baseUri()),
                    new DiskSpool(work.resolve("rollup-spool"), DiskSpool.DEFAULT_MAX_BYTES))) {
                HourlyRollup rollup = new HourlyRollup(reader, writer::writeNow);
                for (Instant h = from; h.isBefore(to); h = h.plus(Duration.ofHours(1))) {
                    long t = System.nanoTime();
                    if (rollup.roll(h) != devices) {
                        throw new IllegalStateException("the rollup of " + h + " did not cover every device");
                    }
                    slowestHour = Math.max(slowestHour, (System.nanoTime() - t) / 1e9);
                    rolled.add(h);
                }
            }
            vm.forceFlush();
            java.util.NavigableSet<Instant> marked = HourlyRollup.rolledHours(reader).between(from, to);
            if (!marked.equals(rolled)) {
                java.util.TreeSet<Instant> missing = new java.util.TreeSet<>(rolled);
                missing.removeAll(marked);
                throw new IllegalStateException("VictoriaMetrics does not mark every rolled-up hour done: " + marked.size() + " of "
                        + rolled.size() + " marked; missing " + missing);
            }
            double rollupSeconds = (System.nanoTime() - rollStarted) / 1e9;

            // The raw computation once, to compare the numbers and the time.
            long rawStarted = System.nanoTime();
            AvailabilityReport rawReport = new AvailabilityComputation(new ReportSamples(reader)).compute(in, "bench", Instant.now());
            double rawSeconds = (System.nanoTime() - rawStarted) / 1e9;

            double[] compute = new double[runs];
            double[] render = new double[runs];
            AvailabilityReport report = null;
            for (int i = 0; i < runs; i++) {
                long t0 = System.nanoTime();
                // The server's way: which hours are rolled up comes from their marks in VictoriaMetrics (one query per report).
                report = new AvailabilityComputation(new ReportSamples(reader, HourlyRollup.rolledHours(reader)))
                        .compute(in, "bench", Instant.now());
                long t1 = System.nanoTime();
                ReportCsv.render(report);
                ReportXlsx.render(report);
                ReportPdf.render(report, Path.of("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"));
                long t2 = System.nanoTime();
                compute[i] = (t1 - t0) / 1e9;
                render[i] = (t2 - t1) / 1e9;
            }
            if (!report.fleet().equals(rawReport.fleet()) || !report.devices().equals(rawReport.devices())) {
                throw new IllegalStateException("the report from rollups differs from the raw one: " + report.fleet() + " vs " + rawReport.fleet());
            }
            Arrays.sort(compute);
            Arrays.sort(render);
            System.out.printf(Locale.ROOT, "{\"devices\":%d,\"days\":%d,\"samples\":%d,\"backfill_s\":%.1f,\"maintenance_runs\":%d,"
                            + "\"compute_s_median\":%.3f,\"compute_s_max\":%.3f,\"render_s_median\":%.3f,\"total_s_median\":%.3f,"
                            + "\"fleet_raw_percent\":%.4f,\"rollup_all_hours_s\":%.1f,\"rollup_slowest_hour_s\":%.3f,"
                            + "\"compute_raw_only_s\":%.3f,\"same_numbers_as_raw\":true}%n", devices, days, samples, backfillSeconds,
                    in.maintenance().size(), compute[runs / 2], compute[runs - 1], render[runs / 2], compute[runs / 2] + render[runs / 2],
                    report.fleet().rawPercent(), rollupSeconds, slowestHour, rawSeconds);
        }
    }

    /** 128 branches per 875 devices (the demo's shape), 10 regions, types in turn; ids 1..n. */
    public static List<AlertDevice> fleet(int n) {
        int branches = Math.max(1, n * 128 / 875);
        DeviceType[] types = {DeviceType.ROUTER, DeviceType.SWITCH, DeviceType.ATM, DeviceType.SERVER};
        List<AlertDevice> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long branch = i % branches + 1;
            long region = branch % 10 + 1;
            out.add(new AlertDevice(i + 1, "dev-" + (i + 1), "127.0.0.1", types[i % types.length], branch, "Branch " + branch, region,
                    "Region " + region, null, Set.of(), Set.of(), true));
        }
        return out;
    }

    /** Every device's samples, one JSON line per series and day, through /api/v1/import (gzip), many lines per request. */
    public static long backfill(URI base, List<AlertDevice> fleet, Instant from, int days) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int perDay = 86_400 / ROUND_SECONDS;
        long count = 0;
        StringBuilder lines = new StringBuilder(8 << 20);
        for (int day = 0; day < days; day++) {
            long dayStart = from.plus(Duration.ofDays(day)).toEpochMilli();
            StringBuilder ts = new StringBuilder(perDay * 14);
            for (int r = 0; r < perDay; r++) {
                ts.append(r == 0 ? "" : ",").append(dayStart + r * ROUND_SECONDS * 1000L);
            }
            String timestamps = ts.toString();
            for (AlertDevice d : fleet) {
                // Down for (id % 30) rounds each day from a device-specific round: up to five minutes a day.
                int downFrom = (int) ((d.id() * 7919) % (perDay - 30));
                int downRounds = (int) (d.id() % 30);
                StringBuilder up = new StringBuilder(perDay * 2);
                StringBuilder loss = new StringBuilder(perDay * 4);
                StringBuilder rtt = new StringBuilder(perDay * 5);
                StringBuilder rttTs = new StringBuilder(perDay * 14);
                for (int r = 0; r < perDay; r++) {
                    boolean down = r >= downFrom && r < downFrom + downRounds;
                    up.append(r == 0 ? "" : ",").append(down ? '0' : '1');
                    loss.append(r == 0 ? "" : ",").append(down ? "100" : "0");
                    if (!down) {
                        rtt.append(rtt.length() == 0 ? "" : ",").append(1 + (r + d.id()) % 40);
                        rttTs.append(rttTs.length() == 0 ? "" : ",").append(dayStart + r * ROUND_SECONDS * 1000L);
                    }
                }
                String labels = "\"device_id\":\"" + d.id() + "\",\"branch\":\"" + d.branchName() + "\",\"region\":\"" + d.regionName()
                        + "\",\"type\":\"" + d.type() + "\"";
                lines.append("{\"metric\":{\"__name__\":\"wardops_ping_up\",").append(labels).append("},\"values\":[").append(up)
                        .append("],\"timestamps\":[").append(timestamps).append("]}\n");
                lines.append("{\"metric\":{\"__name__\":\"wardops_ping_loss_percent\",").append(labels).append("},\"values\":[").append(loss)
                        .append("],\"timestamps\":[").append(timestamps).append("]}\n");
                lines.append("{\"metric\":{\"__name__\":\"wardops_ping_rtt_ms\",").append(labels).append("},\"values\":[").append(rtt)
                        .append("],\"timestamps\":[").append(rttTs).append("]}\n");
                count += 2L * perDay + (perDay - downRounds);
                if (lines.length() > (32 << 20)) {
                    post(http, base, lines);
                }
            }
        }
        post(http, base, lines);
        return count;
    }

    private static void post(HttpClient http, URI base, StringBuilder lines) throws IOException, InterruptedException {
        if (lines.length() == 0) {
            return;
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream(lines.length() / 8);
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
        lines.setLength(0);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/import")).header("Content-Encoding", "gzip")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("import answered " + r.statusCode() + ": " + r.body());
        }
    }
}
