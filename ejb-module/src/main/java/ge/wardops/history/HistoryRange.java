package ge.wardops.history;

import ge.wardops.shared.InvalidInputException;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The range and step of a history request, aligned to the step so that identical requests within
 * a step share one cache key and one VictoriaMetrics call.
 *
 * @param endsNow true when the caller gave no {@code to}: the newest step is still filling up
 */
public record HistoryRange(Instant from, Instant to, long stepSeconds, boolean endsNow) {

    /** Prometheus' limit of points per series; VictoriaMetrics allows 30,000, but no chart can show more than this. */
    public static final long MAX_POINTS = 11_000;
    /** The coarsest step: one point per day (a coarser one shows nothing a chart could use). */
    public static final long MAX_STEP_SECONDS = 86_400;
    public static final Duration MAX_SPAN = Duration.ofDays(400);

    /** The named ranges and their steps: about 288, 672 and 720 points, enough for a chart. */
    private static final Map<String, Duration> SPANS = Map.of("24h", Duration.ofHours(24), "7d", Duration.ofDays(7), "30d", Duration.ofDays(30));
    private static final Map<String, Long> STEPS = Map.of("24h", 300L, "7d", 900L, "30d", 3600L);

    /**
     * @param timeRange 24h (default), 7d or 30d; gives the span when {@code from} is absent and the step when {@code step} is
     * @param from      ISO-8601 instant, or null for {@code to} minus the span
     * @param to        ISO-8601 instant, or null for now
     * @param step      seconds, or null for the range's step
     */
    public static HistoryRange of(String timeRange, String from, String to, Long step, Instant now) {
        String named = timeRange == null || timeRange.isBlank() ? "24h" : timeRange.strip();
        if (!SPANS.containsKey(named)) {
            throw new InvalidInputException("time_range", "must be 24h, 7d or 30d, was '" + timeRange + "'");
        }
        Instant end = to == null || to.isBlank() ? now : instant("to", to);
        Instant start = from == null || from.isBlank() ? end.minus(SPANS.get(named)) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new InvalidInputException("from", "must be before to (" + start + " is not before " + end + ")");
        }
        Duration span = Duration.between(start, end);
        if (span.compareTo(MAX_SPAN) > 0) {
            throw new InvalidInputException("from", "the range is longer than " + MAX_SPAN.toDays() + " days");
        }
        long stepSeconds = step != null ? step : STEPS.get(named);
        if (stepSeconds < 1 || stepSeconds > MAX_STEP_SECONDS) {
            throw new InvalidInputException("step", "must be between 1 and " + MAX_STEP_SECONDS + " seconds, was " + stepSeconds);
        }
        // Explicit from/to beyond the named span: a coarser default step rather than a refusal the caller did not ask for.
        if (step == null) {
            while (span.toSeconds() / stepSeconds > MAX_POINTS) {
                stepSeconds *= 2;
            }
        }
        long points = (span.toSeconds() + stepSeconds - 1) / stepSeconds;
        if (points > MAX_POINTS) {
            long finest = (span.toSeconds() + MAX_POINTS - 1) / MAX_POINTS;
            throw new InvalidInputException("step", "too fine for this range: " + points + " points per series, at most "
                    + MAX_POINTS + "; use at least " + finest + " seconds");
        }
        // Start down and end up to the step: the newest, unfinished step is still shown.
        long alignedStart = Math.floorDiv(start.getEpochSecond(), stepSeconds) * stepSeconds;
        long alignedEnd = Math.floorDiv(end.getEpochSecond() + stepSeconds - 1, stepSeconds) * stepSeconds;
        return new HistoryRange(Instant.ofEpochSecond(alignedStart), Instant.ofEpochSecond(alignedEnd), stepSeconds,
                to == null || to.isBlank());
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z, was '" + text + "'");
        }
    }

    public Duration span() {
        return Duration.between(from, to);
    }
}
