package ge.wardops.notify;

import java.time.Instant;

/** One delivery as the API shows it. */
public record DeliveryView(long id, Long alertId, Long routeId, Long channelId, String channelName,
                           ChannelKind channelKind, NoticeKind kind, DeliveryStatus status, int attempts,
                           String lastError, Instant createdAt, Instant finishedAt) {
}
