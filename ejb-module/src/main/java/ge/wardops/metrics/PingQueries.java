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

    private static final String AVAILABILITY = "avg by (device_id) (avg_over_time(wardops_ping_up[%ds])) * 100";

    private PingQueries() {
    }

    /** Each device's share of rounds with a reply over the window, in percent; {@code avg by} joins a device's relabelled series. */
    public static String availability(long windowSeconds) {
        return String.format(AVAILABILITY, windowSeconds);
    }
}
