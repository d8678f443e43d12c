package ge.wardops.notify;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A delivery log row, read side. Rows are claimed with INSERT ... ON CONFLICT DO NOTHING
 * ({@link DeliveryLog}) so that a notice is sent once however often it is asked for.
 */
@Entity
@Table(name = "notification_deliveries")
public class NotificationDelivery {

    @Id
    private Long id;

    @Column(name = "alert_id")
    private Long alertId;

    @Column(name = "route_id")
    private Long routeId;

    @Column(name = "channel_id")
    private Long channelId;

    @Column(name = "channel_name")
    private String channelName;

    @Enumerated(EnumType.STRING)
    @Column(name = "channel_kind")
    private ChannelKind channelKind;

    @Enumerated(EnumType.STRING)
    private NoticeKind kind;

    @Enumerated(EnumType.STRING)
    private DeliveryStatus status;

    private int attempts;

    @Column(name = "last_error")
    private String lastError;

    @Column(name = "created_at")
    private Instant createdAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected NotificationDelivery() {
    }

    DeliveryView view() {
        return new DeliveryView(id, alertId, routeId, channelId, channelName, channelKind, kind, status, attempts,
                lastError, createdAt, finishedAt);
    }
}
