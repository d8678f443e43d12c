package ge.wardops.notify;

/**
 * One notice to one channel: the unit the dispatcher queues, sends (with retries) and reports.
 *
 * @param id the delivery log row claimed for it, or {@code null} when nothing is logged
 */
public record Delivery(Long id, ChannelAddress channel, Notice notice) {
}
