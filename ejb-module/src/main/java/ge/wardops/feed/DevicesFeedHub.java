package ge.wardops.feed;

import ge.wardops.security.RegionScope;
import ge.wardops.state.DeviceStateChanged;
import ge.wardops.state.StateChanges;
import ge.wardops.status.LiveFleet;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fans each probe round's state changes out to the connected feed clients, each getting only the
 * devices of its regions. The observer only queues the round: splitting it by region and sending
 * happen on the managed executor, so a round's thread never waits for a client.
 */
@ApplicationScoped
public class DevicesFeedHub {

    private static final Logger LOG = Logger.getLogger(DevicesFeedHub.class.getName());

    @Inject
    LiveFleet fleet;

    @Resource
    ManagedExecutorService executor;

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "wardops.feed.queue-capacity", defaultValue = "64")
    int queueCapacity;

    @Inject
    @ConfigProperty(name = "wardops.feed.heartbeat-seconds", defaultValue = "30")
    int heartbeatSeconds;

    private final FeedClients clients = new FeedClients();
    /** Rounds not yet fanned out; one task at a time drains them, so clients get rounds in order. */
    private final ConcurrentLinkedQueue<StateChanges> rounds = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean distributing = new AtomicBoolean();
    private ScheduledFuture<?> heartbeat;

    @PostConstruct
    void start() {
        long every = Math.max(1, heartbeatSeconds);
        heartbeat = scheduler.scheduleAtFixedRate(this::heartbeat, every, every, TimeUnit.SECONDS);
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

    /** As {@link #subscribe(FeedSink, RegionScope)}, remembering who opened it. */
    public FeedSubscription subscribe(FeedSink sink, RegionScope scope, String username) {
        return clients.add(new FeedSubscription(sink, scope, queueCapacity, executor, fleet::devices, this::unsubscribe), username);
    }

    public void unsubscribe(FeedSubscription s) {
        clients.remove(s);
    }

    /** Closes every feed {@code username} has open on this node (log out everywhere); answers how many. */
    public int closeAllOf(String username, String reason) {
        return clients.closeAllOf(username, reason);
    }

    public int clients() {
        return clients.size();
    }

    void onRound(@Observes StateChanges round) {
        if (clients.isEmpty() || round.changes().isEmpty()) {
            return;
        }
        rounds.add(round);
        distributeSoon();
    }

    private void distributeSoon() {
        if (rounds.isEmpty() || !distributing.compareAndSet(false, true)) {
            return;
        }
        try {
            executor.execute(this::distributeAll);
        } catch (RejectedExecutionException e) {
            distributing.set(false);
            LOG.log(Level.WARNING, "Feed round could not be scheduled; clients resync", e);
            rounds.clear();
            clients.all().forEach(FeedSubscription::resync);
        }
    }

    private void distributeAll() {
        try {
            StateChanges round;
            while ((round = rounds.poll()) != null) {
                distribute(round);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Feed round could not be fanned out; clients resync", e);
            clients.all().forEach(FeedSubscription::resync);
        } finally {
            distributing.set(false);
        }
        distributeSoon();
    }

    private void distribute(StateChanges round) {
        Map<Long, Long> regionOf = new HashMap<>();
        List<FeedMessages.Change> changes = new ArrayList<>(round.changes().size());
        for (DeviceStateChanged c : round.changes()) {
            regionOf.put(c.deviceId(), fleet.regionOf(c.deviceId()));
            changes.add(FeedMessages.Change.of(c));
        }
        for (FeedSubscription s : clients.all()) {
            List<FeedMessages.Change> mine = s.scope().unrestricted() ? changes
                    : changes.stream().filter(c -> s.scope().allows(regionOf.get(c.deviceId()))).toList();
            if (!mine.isEmpty()) {
                s.offerDelta(mine);
            }
        }
    }

    private void heartbeat() {
        clients.all().forEach(FeedSubscription::offerHeartbeat);
    }
}
