package ge.wardops.feed;

import ge.wardops.security.RegionScope;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * What every feed hub shares: its clients and who opened each ({@link FeedClients}), their
 * heartbeats, the managed executor that sends to them, and the settings (per-client queue capacity,
 * heartbeat period). A hub adds what it feeds: how a new client's subscription makes its snapshot,
 * and how the hub's events become deltas for the clients whose scope they are in.
 */
public abstract class FeedHub {

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    FeedSettings settings;

    final FeedClients clients = new FeedClients();
    private ScheduledFuture<?> heartbeat;

    @PostConstruct
    void start() {
        long every = Math.max(1, settings.heartbeatSeconds());
        heartbeat = scheduler.scheduleAtFixedRate(() -> clients.all().forEach(FeedSubscription::offerHeartbeat),
                every, every, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        clients.removeAll();
    }

    /** A new client: it gets a snapshot of {@code scope} first, then the changes in it. */
    public FeedSubscription subscribe(FeedSink sink, RegionScope scope) {
        return subscribe(sink, scope, null);
    }

    /** As {@link #subscribe(FeedSink, RegionScope)}, remembering who opened it (log out everywhere). */
    public FeedSubscription subscribe(FeedSink sink, RegionScope scope, String username) {
        return clients.add(newSubscription(sink, scope), username);
    }

    public void unsubscribe(FeedSubscription s) {
        clients.remove(s);
    }

    /** Closes every feed of this hub {@code username} has open on this node (log out everywhere); answers how many. */
    public int closeAllOf(String username, String reason) {
        return clients.closeAllOf(username, reason);
    }

    public int clients() {
        return clients.size();
    }

    /** The subscription of a new client of {@code scope}, not yet started (the registry starts it). */
    abstract FeedSubscription newSubscription(FeedSink sink, RegionScope scope);
}
