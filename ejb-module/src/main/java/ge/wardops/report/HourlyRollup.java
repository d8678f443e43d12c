package ge.wardops.report;

import ge.wardops.metrics.PingQueries;
import ge.wardops.metrics.Sample;
import ge.wardops.metrics.VictoriaMetricsReader;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One hour's rollup: the report counts of every device over [hour, hour + 1 h), read from the raw
 * samples in one fleet query, written back as {@value PingQueries#HOUR_ROLLUP_METRIC} points at the
 * hour's start (one series per device and count), followed in the same write by the hour's
 * {@link PingQueries#HOUR_DONE} mark. Summing them over any run of whole hours gives exactly what
 * the raw samples give; {@link #rolledHours} tells reports which hours they may read so. When an
 * hour is rolled up, once, is {@link RollupHours}' and {@link RollupJob}'s business.
 */
public final class HourlyRollup {

    private final VictoriaMetricsReader reader;
    private final ReportSamples raw;
    private final Predicate<List<Sample>> store;

    /**
     * @param store writes the points and says whether VictoriaMetrics took them all (never spooled:
     *              an hour is marked done only once its points are in)
     */
    public HourlyRollup(VictoriaMetricsReader reader, Predicate<List<Sample>> store) {
        this.reader = reader;
        this.raw = new ReportSamples(reader);
        this.store = store;
    }

    /** Rolls up the hour starting at {@code hour}; how many devices had samples, or -1 if the points were not stored. */
    public int roll(Instant hour) {
        if (!hour.truncatedTo(ChronoUnit.HOURS).equals(hour)) {
            throw new IllegalArgumentException("not the start of an hour: " + hour);
        }
        Map<Long, SampleCounts> counts = raw.fleet(hour, hour.plus(Duration.ofHours(1)));
        List<Sample> points = points(hour, counts);
        if (points.isEmpty()) {
            return 0; // no mark either: an hour without samples costs a report nothing to read raw
        }
        points.add(new Sample(PingQueries.HOUR_STATE_METRIC, Map.of(), PingQueries.HOUR_DONE, hour.toEpochMilli()));
        return store.test(points) ? counts.size() : -1;
    }

    /**
     * The hours starting in [from, to) in which any device has a ping sample, in one query for the
     * whole stretch, past VictoriaMetrics' cache: hours without any (before the install, while the
     * server was down) need no query each. Each hour is looked at over (start − 1 s, end], a little
     * more than itself, so a sample is never missed; an hour named here may still turn out empty.
     */
    public java.util.Set<Instant> hoursWithSamples(Instant from, Instant to) {
        java.util.Set<Instant> out = new java.util.HashSet<>();
        long start = from.getEpochSecond() + 3600;
        long end = to.getEpochSecond();
        if (end < start) {
            return out;
        }
        for (VictoriaMetricsReader.Series s : reader.rangeUncached("count(count_over_time(wardops_ping_up[3601s]))", start, end, 3600)) {
            for (VictoriaMetricsReader.Point p : s.points()) {
                if (p.value() > 0) {
                    out.add(Instant.ofEpochMilli(p.epochMillis()).minus(Duration.ofHours(1)));
                }
            }
        }
        return out;
    }

    /**
     * The hours reports may read from the rollups, from their marks in VictoriaMetrics (one query per
     * report, past its cache: marks of old hours are written late): marked done and not stale.
     */
    public static ReportSamples.RolledHours rolledHours(VictoriaMetricsReader reader) {
        return (from, to) -> {
            java.util.NavigableSet<Instant> out = new java.util.TreeSet<>();
            long start = from.getEpochSecond();
            long end = to.getEpochSecond() - 3600;
            if (end < start) {
                return out;
            }
            // end + 1 s: the same points (one per hour), but VictoriaMetrics also searches the last hour's
            // day. A range ending exactly at 00:00 UTC searched only the day before, so an hour
            // starting at midnight, marked done, was not found unless its series had points that
            // day (ReportsIT, 2026-12-06); such an hour was read raw, never wrong, only slower.
            for (VictoriaMetricsReader.Series s : reader.rangeUncached(PingQueries.HOUR_STATES, start, end + 1, 3600)) {
                for (VictoriaMetricsReader.Point p : s.points()) {
                    Instant hour = Instant.ofEpochMilli(p.epochMillis());
                    if (p.value() == PingQueries.HOUR_DONE && !hour.isBefore(from) && hour.isBefore(to)) {
                        out.add(hour);
                    }
                }
            }
            return out;
        };
    }

    static List<Sample> points(Instant hour, Map<Long, SampleCounts> counts) {
        long at = hour.toEpochMilli();
        List<Sample> out = new ArrayList<>(counts.size() * 5);
        counts.forEach((id, c) -> {
            String device = String.valueOf(id);
            out.add(point(device, "rounds", c.rounds(), at));
            out.add(point(device, "up", c.upRounds(), at));
            out.add(point(device, "rtt_sum", c.rttSumMs(), at));
            out.add(point(device, "rtt_rounds", c.rttRounds(), at));
            out.add(point(device, "loss_sum", c.lossSumPercent(), at));
        });
        return out;
    }

    private static Sample point(String device, String series, double value, long at) {
        return new Sample(PingQueries.HOUR_ROLLUP_METRIC, Map.of("device_id", device, "series", series), value, at);
    }
}
