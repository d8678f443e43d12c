package ge.wardops.report;

import ge.wardops.metrics.PingQueries;
import ge.wardops.metrics.VictoriaMetricsReader;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Reads the counts of ping samples a report needs from VictoriaMetrics: for the whole fleet at once
 * (never one query per device), and for the devices of a maintenance window over its time.
 * <p>
 * A period is read in pieces: the runs of whole hours whose rollups are in ({@link RolledHours},
 * {@link HourlyRollup}) from the {@code wardops_ping_hour} series, 24 points a day per device, and
 * every other part (the edges of a period that does not start or end on the hour, hours not rolled
 * up yet or stale) from the raw samples, 360 an hour. The counts of the pieces add up; a month
 * whose hours are all rolled up is one query. A piece [{@code from}, {@code to}) becomes the
 * lookbehind {@code (to-1ms-length, to-1ms]}, so a sample exactly at {@code from} counts and one
 * exactly at {@code to} belongs to the next piece.
 */
public final class ReportSamples {

    /** Which whole hours have their rollups written (hour starts); {@link #NONE}: read everything raw. */
    @FunctionalInterface
    public interface RolledHours {
        RolledHours NONE = (from, to) -> new TreeSet<>();

        /** The hours starting in [from, to) whose rollups may be read. */
        NavigableSet<Instant> between(Instant from, Instant to);
    }

    /** One part of a period and where its counts come from. */
    record Piece(Instant from, Instant to, boolean rolledUp) {
    }

    private final VictoriaMetricsReader reader;
    private final RolledHours rolled;
    /** The last answer of {@link #rolled} and the span it covers (one computation's period). */
    private NavigableSet<Instant> known;
    private Instant knownFrom;
    private Instant knownTo;

    public ReportSamples(VictoriaMetricsReader reader) {
        this(reader, RolledHours.NONE);
    }

    public ReportSamples(VictoriaMetricsReader reader, RolledHours rolled) {
        this.reader = reader;
        this.rolled = rolled;
    }

    /** Every device with at least one sample in [from, to). */
    public Map<Long, SampleCounts> fleet(Instant from, Instant to) {
        Map<Long, SampleCounts> out = new HashMap<>();
        for (Piece p : pieces(from, to)) {
            String expression = p.rolledUp() ? PingQueries.ROLLUP_COUNTS : PingQueries.REPORT_COUNTS;
            merge(out, collect(reader.instant(String.format(expression, "", window(p)), p.to().minusMillis(1))));
        }
        out.values().removeIf(c -> c.rounds() == 0);
        return out;
    }

    /** The given devices' counts in [from, to); a device without samples is absent. */
    public Map<Long, SampleCounts> devices(Collection<Long> deviceIds, Instant from, Instant to) {
        if (deviceIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, SampleCounts> out = new HashMap<>();
        for (Piece p : pieces(from, to)) {
            String expression = (p.rolledUp() ? PingQueries.ROLLUP_COUNTS : PingQueries.REPORT_COUNTS).replace("%2$s", window(p));
            merge(out, collect(reader.instantForDevices(expression, deviceIds, p.to().minusMillis(1))));
        }
        out.values().removeIf(c -> c.rounds() == 0);
        return out;
    }

    /** [from, to) cut into runs of rolled-up hours and the raw parts between them, in order. */
    List<Piece> pieces(Instant from, Instant to) {
        List<Piece> out = new ArrayList<>();
        if (!to.isAfter(from)) {
            return out;
        }
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS);
        if (firstHour.isBefore(from)) {
            firstHour = firstHour.plus(Duration.ofHours(1));
        }
        Instant endHour = to.truncatedTo(ChronoUnit.HOURS); // whole hours lie in [firstHour, endHour)
        NavigableSet<Instant> done = firstHour.isBefore(endHour) ? rolledBetween(firstHour, endHour) : new TreeSet<>();
        Instant cursor = from;
        for (Instant h = firstHour; h.isBefore(endHour); h = h.plus(Duration.ofHours(1))) {
            if (!done.contains(h)) {
                continue;
            }
            Instant runEnd = h.plus(Duration.ofHours(1));
            while (runEnd.isBefore(endHour) && done.contains(runEnd)) {
                runEnd = runEnd.plus(Duration.ofHours(1));
            }
            if (cursor.isBefore(h)) {
                out.add(new Piece(cursor, h, false));
            }
            out.add(new Piece(h, runEnd, true));
            cursor = runEnd;
            h = runEnd.minus(Duration.ofHours(1));
        }
        if (cursor.isBefore(to)) {
            out.add(new Piece(cursor, to, false));
        }
        return out;
    }

    /**
     * The rolled-up hours in [from, to), asked once per span: a report asks for its whole period
     * first, and its maintenance intervals, inside the period, are answered from that answer.
     */
    private synchronized NavigableSet<Instant> rolledBetween(Instant from, Instant to) {
        if (knownFrom == null || from.isBefore(knownFrom) || to.isAfter(knownTo)) {
            known = rolled.between(from, to);
            knownFrom = from;
            knownTo = to;
        }
        return known.subSet(from, true, to, false);
    }

    private static String window(Piece p) {
        return Duration.between(p.from(), p.to()).toMillis() + "ms";
    }

    private static void merge(Map<Long, SampleCounts> into, Map<Long, SampleCounts> piece) {
        piece.forEach((id, c) -> into.merge(id, c, SampleCounts::plus));
    }

    static Map<Long, SampleCounts> collect(List<VictoriaMetricsReader.Series> series) {
        Map<Long, SampleCounts> out = new HashMap<>();
        for (VictoriaMetricsReader.Series s : series) {
            String id = s.labels().get("device_id");
            if (id == null || s.points().isEmpty()) {
                continue;
            }
            double v = s.points().get(0).value();
            long deviceId = Long.parseLong(id);
            SampleCounts c = out.getOrDefault(deviceId, SampleCounts.NONE);
            out.put(deviceId, switch (s.labels().getOrDefault("series", "")) {
                case "rounds" -> new SampleCounts(Math.round(v), c.upRounds(), c.rttSumMs(), c.rttRounds(), c.lossSumPercent());
                case "up" -> new SampleCounts(c.rounds(), Math.round(v), c.rttSumMs(), c.rttRounds(), c.lossSumPercent());
                case "rtt_sum" -> new SampleCounts(c.rounds(), c.upRounds(), v, c.rttRounds(), c.lossSumPercent());
                case "rtt_rounds" -> new SampleCounts(c.rounds(), c.upRounds(), c.rttSumMs(), Math.round(v), c.lossSumPercent());
                case "loss_sum" -> new SampleCounts(c.rounds(), c.upRounds(), c.rttSumMs(), c.rttRounds(), v);
                default -> c;
            });
        }
        return out;
    }
}
