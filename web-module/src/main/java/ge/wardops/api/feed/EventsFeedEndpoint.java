package ge.wardops.api.feed;

import ge.wardops.feed.EventsFeedHub;
import ge.wardops.feed.FeedHub;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /api/v1/ws/events}: the newest events of the caller's regions, then every stored batch of
 * events in them as a sequence-numbered delta; {@code {"type":"resync"}} asks for a fresh snapshot.
 * Same handshake, scoping and protocol as {@code /api/v1/ws/devices} (docs/api.md, "Live feeds").
 */
@ServerEndpoint(value = "/api/v1/ws/events", configurator = FeedHandshake.class)
public class EventsFeedEndpoint extends FeedEndpoint {

    @Override
    protected FeedHub hub() {
        return CDI.current().select(EventsFeedHub.class).get();
    }
}
