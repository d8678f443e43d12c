package ge.wardops.history;

import ge.wardops.metrics.PingQueries;
import ge.wardops.metrics.VictoriaMetricsReader;
import ge.wardops.metrics.VictoriaMetricsReader.Point;
import ge.wardops.metrics.VictoriaMetricsReader.Series;
import ge.wardops.report.ReportSamples.RolledHours;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Device history with a step of whole hours (the 30-day chart's), read from the hourly rollups
 * ({@link ge.wardops.report.HourlyRollup}, kept for the reports) wherever every hour of a point is
 * rolled up, and from the raw samples elsewhere (the newest hour or two, which are rolled up a few
 * minutes after they end, and hours marked stale): as trends serve long charts in Zabbix. A 30-day
 * chart of one device then reads ~3,600 rollup points instead of ~780,000 raw samples
 * (docs/performance.md, "Read path"). The answer has the same series, labels and values as
 * {@link PingQueries#HISTORY} over the raw samples (held to them by {@code HourlyHistoryTest}): the
 * rollups' sums per hour are divided here, which VictoriaMetrics answers in half the time it takes
 * to divide them itself.
 * <p>
 * Which hours are rolled up is asked of VictoriaMetrics (the hours' marks) once per
 * {@code maxAge} at most for a span around the last 32 days, not per request: an hour marked stale
 * meanwhile (samples replayed late) may be read from its rollup for that long. Thread-safe.
 */
public final class HourlyHistory {

    private static final Duration HOUR = Duration.ofHours(1);
    /** The span the rolled-up hours are asked for at least: a 30-day chart and a day of slack. */
    private static final Duration KNOWN_SPAN = Duration.ofDays(32);

    private final VictoriaMetricsReader reader;
    private final RolledHours rolled;
    private final Duration maxAge;
    private final Supplier<Instant> clock;
    private final Executor executor;
    private volatile Known known;

    /** Points from {@code first} to {@code last}, all read from the rollups or all from the raw samples. */
    private record Run(Instant first, Instant last, boolean rolledUp) {
    }

    /** The rolled-up hours in [from, to) as asked at {@code takenAt}. */
    private record Known(Instant takenAt, Instant from, Instant to, NavigableSet<Instant> hours) {
    }

    /** @param executor asks the runs after the first meanwhile (the server's managed executor) */
    public HourlyHistory(VictoriaMetricsReader reader, RolledHours rolled, Duration maxAge, Supplier<Instant> clock, Executor executor) {
        this.reader = reader;
        this.executor = executor;
        this.rolled = rolled;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Whether this range's points are whole hours, so that rollups can serve it. */
    public static boolean serves(HistoryRange range) {
        return range.stepSeconds() % 3600 == 0 && range.from().getEpochSecond() % 3600 == 0;
    }

    /**
     * The series {@link PingQueries#HISTORY} gives for these devices over the range (labels
     * {@code device_id} and {@code series}), each point from the rollups when all the hours it covers
     * are rolled up, from the raw samples otherwise: one query per run of points of either kind.
     */
    public List<Series> series(Collection<Long> deviceIds, HistoryRange range) {
        if (!serves(range)) {
            throw new IllegalArgumentException("not a range of whole hours: " + range);
        }
        long step = range.stepSeconds();
        Instant first = range.from();
        Instant last = range.to();
        NavigableSet<Instant> done = rolledBetween(first.minusSeconds(step), last);
        List<Run> runs = new ArrayList<>();
        Instant runStart = first;
        boolean runRolled = covered(done, first, step);
        for (Instant t = first.plusSeconds(step); !t.isAfter(last.plusSeconds(step)); t = t.plusSeconds(step)) {
            boolean end = t.isAfter(last);
            boolean r = !end && covered(done, t, step);
            if (end || r != runRolled) {
                runs.add(new Run(runStart, t.minusSeconds(step), runRolled));
                runStart = t;
                runRolled = r;
            }
        }
        // Every run but the first is asked on the executor meanwhile: the usual 30-day chart is a run of
        // rollups and the newest hour raw, two calls whose client overhead alone is ~0.5 ms each.
        List<CompletableFuture<List<Series>>> later = new ArrayList<>();
        for (Run run : runs.subList(1, runs.size())) {
            later.add(CompletableFuture.supplyAsync(() -> read(run, deviceIds, step), executor));
        }
        Map<List<String>, Series> merged = new LinkedHashMap<>();
        merge(merged, read(runs.get(0), deviceIds, step));
        for (CompletableFuture<List<Series>> f : later) {
            merge(merged, join(f));
        }
        return List.copyOf(merged.values());
    }

    /** One run's series in the shape of {@link PingQueries#HISTORY}. */
    private List<Series> read(Run run, Collection<Long> deviceIds, long step) {
        String expression = (run.rolledUp() ? PingQueries.HISTORY_FROM_ROLLUPS : PingQueries.HISTORY).replace("%2$d", String.valueOf(step));
        // last + 1 s: the same points (one per step), but VictoriaMetrics also searches the day the range ends
        // in. The rollups are read an hour back (offset 1h), so a point at 01:00 asked over a range that
        // ended at 00:00 UTC, and a series whose first point was that midnight's (a device new that day)
        // was not found: the point was missing (ReportsIT, 2026-12-07; the same as HourlyRollup.rolledHours).
        List<Series> series = reader.rangeForDevices(expression, deviceIds, run.first().getEpochSecond(), run.last().getEpochSecond() + 1,
                step);
        return run.rolledUp() ? ratios(series) : series;
    }

    /** The run's answer, or what it threw (VictoriaMetrics unavailable, a refused query) as it threw it. */
    private static List<Series> join(CompletableFuture<List<Series>> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Whether every hour the point at {@code t} covers, [t - step, t), is rolled up. */
    private static boolean covered(NavigableSet<Instant> done, Instant t, long step) {
        for (Instant h = t.minusSeconds(step); h.isBefore(t); h = h.plus(HOUR)) {
            if (!done.contains(h)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The rollups' sums per device and count ({@link PingQueries#HISTORY_FROM_ROLLUPS}) divided into
     * the series of {@link PingQueries#HISTORY}: RTT over the rounds with an RTT, loss and availability
     * over the rounds; a point without rounds to divide by has no value, as the raw samples have none.
     */
    static List<Series> ratios(List<Series> sums) {
        Map<String, Map<String, Map<Long, Double>>> byDevice = new LinkedHashMap<>();
        for (Series s : sums) {
            Map<Long, Double> points = new HashMap<>(s.points().size() * 2);
            s.points().forEach(p -> points.put(p.epochMillis(), p.value()));
            byDevice.computeIfAbsent(s.labels().getOrDefault("device_id", ""), d -> new HashMap<>())
                    .put(s.labels().getOrDefault("series", ""), points);
        }
        List<Series> out = new ArrayList<>(byDevice.size() * 3);
        byDevice.forEach((device, counts) -> {
            Map<Long, Double> rounds = counts.getOrDefault("rounds", Map.of());
            out.add(ratio(device, "rtt", counts.getOrDefault("rtt_sum", Map.of()), counts.getOrDefault("rtt_rounds", Map.of()), 1));
            out.add(ratio(device, "loss", counts.getOrDefault("loss_sum", Map.of()), rounds, 1));
            out.add(ratio(device, "availability", counts.getOrDefault("up", Map.of()), rounds, 100));
        });
        out.removeIf(s -> s.points().isEmpty());
        return out;
    }

    private static Series ratio(String device, String series, Map<Long, Double> sum, Map<Long, Double> count, double times) {
        List<Point> points = new ArrayList<>(count.size());
        new TreeMap<>(count).forEach((t, n) -> {
            Double v = sum.get(t);
            if (n > 0 && v != null) {
                points.add(new Point(t, times == 1 ? v / n : v / n * times));
            }
        });
        return new Series(Map.of("device_id", device, "series", series), List.copyOf(points));
    }

    /** Appends each series' points to those of the same device and series from the earlier runs. */
    private static void merge(Map<List<String>, Series> into, List<Series> run) {
        for (Series s : run) {
            List<String> key = List.of(s.labels().getOrDefault("device_id", ""), s.labels().getOrDefault("series", ""));
            Series before = into.get(key);
            if (before == null) {
                into.put(key, s);
            } else {
                List<Point> points = new ArrayList<>(before.points().size() + s.points().size());
                points.addAll(before.points());
                points.addAll(s.points());
                into.put(key, new Series(before.labels(), List.copyOf(points)));
            }
        }
    }

    /** The rolled-up hours in [from, to): the kept answer while it covers the span and is fresh. */
    private NavigableSet<Instant> rolledBetween(Instant from, Instant to) {
        Instant now = clock.get();
        Known k = known;
        if (k == null || from.isBefore(k.from()) || to.isAfter(k.to()) || k.takenAt().isBefore(now.minus(maxAge))) {
            Instant askFrom = min(from, now.minus(KNOWN_SPAN)).truncatedTo(ChronoUnit.HOURS);
            Instant nextHour = now.truncatedTo(ChronoUnit.HOURS).plus(HOUR);
            Instant askTo = to.isAfter(nextHour) ? to : nextHour;
            k = new Known(now, askFrom, askTo, rolled.between(askFrom, askTo));
            known = k;
        }
        return k.hours().subSet(from, true, to, false);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
