package ge.wardops.metrics;

/**
 * The MetricsQL that reads the ping samples back ({@code wardops_ping_*}, written by the availability
 * rounds), written once for every reader: a device's history, the fleet's availability per window for
 * the summaries, and the availability rules.
 */
public final class PingQueries {

    /**
     * One query for the three series of a device's history: availability is the share of rounds with a
     * reply per step. {@code %1$s} is the device selector, {@code %2$d} the step in seconds;
     * {@code avg by (device_id)} joins a device's series whose branch or region label changed in the range.
     */
    public static final String HISTORY = "label_set(avg by (device_id) (avg_over_time(wardops_ping_rtt_ms%1$s[%2$ds])), \"series\", \"rtt\")"
            + " or label_set(avg by (device_id) (avg_over_time(wardops_ping_loss_percent%1$s[%2$ds])), \"series\", \"loss\")"
            + " or label_set(avg by (device_id) (avg_over_time(wardops_ping_up%1$s[%2$ds])) * 100, \"series\", \"availability\")";

    /**
     * The sums {@link #HISTORY} is made of, for a step of whole hours, from the hourly rollups
     * ({@link #HOUR_ROLLUP_METRIC}): per device and count ({@code series} label as in
     * {@link #REPORT_COUNTS}) the sum over the hours starting in [t - step, t) for the point at
     * {@code t}, whose rollups are at the hours' starts: the window (t - step - 1 h, t - 1 h]. The
     * reader divides them: RTT is {@code rtt_sum / rtt_rounds}, loss {@code loss_sum / rounds},
     * availability {@code up / rounds * 100}, what {@code avg_over_time} of the raw samples gives
     * over the same hours (a sample exactly at an hour's start counts in that hour here, in the hour
     * before in {@link #HISTORY}). 5 points per device and hour read instead of 1,080 raw samples.
     * Only for hours marked {@link #HOUR_DONE}: {@code ge.wardops.history.HourlyHistory} decides.
     * {@code %1$s} is the device selector, {@code %2$d} the step in seconds.
     */
    public static final String HISTORY_FROM_ROLLUPS = "sum by (device_id, series) (sum_over_time(wardops_ping_hour%1$s[%2$ds] offset 1h))";

    private static final String AVAILABILITY = "avg by (device_id) (avg_over_time(wardops_ping_up[%ds])) * 100";

    /**
     * The counts a report needs of each device over one window, in one instant query: rounds with a
     * sample, rounds with a reply, and the sums for mean RTT and loss. {@code %1$s} is the device
     * selector (empty for the whole fleet), {@code %2$s} the window (e.g. {@code 2592000000ms}); the
     * {@code series} label names each count. Summed by device, so a relabelled device counts once.
     */
    public static final String REPORT_COUNTS = "label_set(sum by (device_id) (count_over_time(wardops_ping_up%1$s[%2$s])), \"series\", \"rounds\")"
            + " or label_set(sum by (device_id) (sum_over_time(wardops_ping_up%1$s[%2$s])), \"series\", \"up\")"
            + " or label_set(sum by (device_id) (sum_over_time(wardops_ping_rtt_ms%1$s[%2$s])), \"series\", \"rtt_sum\")"
            + " or label_set(sum by (device_id) (count_over_time(wardops_ping_rtt_ms%1$s[%2$s])), \"series\", \"rtt_rounds\")"
            + " or label_set(sum by (device_id) (sum_over_time(wardops_ping_loss_percent%1$s[%2$s])), \"series\", \"loss_sum\")";

    /**
     * The hourly rollups of the counts above ({@code ge.wardops.report.HourlyRollup}): one series per
     * device and count, its {@code series} label naming the count as {@link #REPORT_COUNTS} does, one
     * point per hour at the hour's start.
     */
    public static final String HOUR_ROLLUP_METRIC = "wardops_ping_hour";

    /**
     * Which hours have rollups that reports may read, kept beside them in VictoriaMetrics (so a
     * VictoriaMetrics restored or replaced without them simply has none): one point per hour at its
     * start, {@link #HOUR_DONE} written with the hour's rollups (after them, in the same write),
     * {@link #HOUR_STALE} when samples of that hour arrived later. An hour is read from its rollups
     * only while its highest value is {@link #HOUR_DONE}.
     */
    public static final String HOUR_STATE_METRIC = "wardops_ping_hour_state";
    public static final double HOUR_DONE = 1;
    public static final double HOUR_STALE = 2;

    /** Per hour in a query_range with a one-hour step evaluated at each hour's start: its state, 1 (done) or 2 (stale). */
    public static final String HOUR_STATES = "max_over_time(" + HOUR_STATE_METRIC + "[1s])";

    /** {@link #REPORT_COUNTS} summed from the hourly rollups over a window of whole hours; same placeholders, same labels. */
    public static final String ROLLUP_COUNTS = "sum by (device_id, series) (sum_over_time(" + HOUR_ROLLUP_METRIC + "%1$s[%2$s]))";

    private PingQueries() {
    }

    /**
     * The stale marks for every hour from {@code oldest}'s on (at most 400 days back) that has ended
     * by a minute from {@code now}: samples measured since {@code oldest} reached VictoriaMetrics
     * late, so rollups made before may lack them, and reports read those hours' raw samples from now
     * on. A later hour needs none: it is rolled up at least a minute after its end
     * ({@code wardops.reports.rollup-lag-minutes}), when the late samples are long in.
     */
    public static java.util.List<Sample> staleMarks(java.time.Instant oldest, java.time.Instant now) {
        java.time.Instant floor = now.minus(java.time.Duration.ofDays(400));
        java.time.Instant first = (oldest.isBefore(floor) ? floor : oldest).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
        java.time.Instant endedBy = now.plus(java.time.Duration.ofMinutes(1));
        java.util.List<Sample> out = new java.util.ArrayList<>();
        for (java.time.Instant h = first; !h.plus(java.time.Duration.ofHours(1)).isAfter(endedBy); h = h.plus(java.time.Duration.ofHours(1))) {
            out.add(new Sample(HOUR_STATE_METRIC, java.util.Map.of(), HOUR_STALE, h.toEpochMilli()));
        }
        return out;
    }

    /** Each device's share of rounds with a reply over the window, in percent; {@code avg by} joins a device's relabelled series. */
    public static String availability(long windowSeconds) {
        return String.format(AVAILABILITY, windowSeconds);
    }
}
