package ge.wardops.api.feed;

import ge.wardops.feed.AlertsFeedHub;
import ge.wardops.feed.FeedHub;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.websocket.server.ServerEndpoint;

/**
 * {@code /api/v1/ws/alerts}: the open alerts of the caller's regions, then every transition of an
 * alert in them (FIRING, ACKNOWLEDGED, COMMENTED, RESOLVED, ESCALATED, FLAPPING) as sequence-numbered
 * deltas; {@code {"type":"resync"}} asks for a fresh snapshot. Same handshake, scoping and protocol
 * as {@code /api/v1/ws/devices} (docs/api.md, "Live feeds").
 */
@ServerEndpoint(value = "/api/v1/ws/alerts", configurator = FeedHandshake.class)
public class AlertsFeedEndpoint extends FeedEndpoint {

    @Override
    protected FeedHub hub() {
        return CDI.current().select(AlertsFeedHub.class).get();
    }
}
