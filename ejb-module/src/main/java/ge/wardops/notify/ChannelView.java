package ge.wardops.notify;

import java.time.Instant;

/** A channel as callers see it: whether a webhook secret is set, never the secret. Also its audit record. */
public record ChannelView(long id, String name, ChannelKind kind, String target, boolean secretSet, boolean enabled,
                          Instant createdAt, Instant updatedAt, long version) {

    static ChannelView of(NotificationChannel c) {
        return new ChannelView(c.getId(), c.getName(), c.getKind(), c.getTarget(), c.sealedSecret() != null,
                c.isEnabled(), c.getCreatedAt(), c.getUpdatedAt(), c.getVersion());
    }
}
