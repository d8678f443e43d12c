package ge.wardops.api.feed;

import ge.wardops.feed.DevicesFeedHub;
import ge.wardops.feed.FeedHub;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /api/v1/ws/devices}: a snapshot of the caller's devices, then their state changes as
 * sequence-numbered deltas; the client sends {@code {"type":"resync"}} for a fresh snapshot.
 * A console's connection needs no logout handling here: the container closes it (1008) when the
 * HTTP session it was opened in ends (Jakarta WebSocket 2.1, section 7.2; asserted by DevicesFeedIT).
 */
@ServerEndpoint(value = "/api/v1/ws/devices", configurator = FeedHandshake.class)
public class DevicesFeedEndpoint extends FeedEndpoint {

    @Override
    protected FeedHub hub() {
        return CDI.current().select(DevicesFeedHub.class).get();
    }
}
