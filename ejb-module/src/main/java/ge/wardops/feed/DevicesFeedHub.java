package ge.wardops.feed;

import ge.wardops.devicestate.DeviceStateChanged;
import ge.wardops.devicestate.StateChanges;
import ge.wardops.fleet.DeviceStatusView;
import ge.wardops.fleet.LiveFleet;
import ge.wardops.security.RegionScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fans each probe round's state changes out to the connected feed clients, each getting only the
 * devices of its regions. The observer only queues the round: splitting it by region and sending
 * happen on the managed executor, so a round's thread never waits for a client.
 */
@ApplicationScoped
public class DevicesFeedHub extends FeedHub {

    private static final Logger LOG = Logger.getLogger(DevicesFeedHub.class.getName());

    @Inject
    LiveFleet fleet;

    /** Rounds not yet fanned out; one task at a time drains them, so clients get rounds in order. */
    private final ConcurrentLinkedQueue<StateChanges> rounds = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean distributing = new AtomicBoolean();

    /** A scope's devices as a snapshot's JSON array, and the join of the fleet it was written from. */
    private record DevicesJson(List<DeviceStatusView> join, String json) {
    }

    /** Scopes whose array is kept; more are rare (each regional manager has one), and start the keeping over. */
    static final int KEPT_SCOPES = 16;

    private final Map<RegionScope, DevicesJson> arrays = new ConcurrentHashMap<>();

    @Override
    FeedSubscription newSubscription(FeedSink sink, RegionScope scope) {
        return new FeedSubscription(sink, scope, settings.queueCapacity(), executor, this::devicesJson, this::unsubscribe);
    }

    /**
     * The devices of {@code scope} as a snapshot's JSON array, written once per probe round and scope:
     * every console page opens this feed, and at 10,000 devices the array is ~3.2 MB of JSON, which was
     * written anew for each connection. The fleet's join (the same list until the next round or
     * inventory change) tells when it is out of date, so a snapshot is never older than the live list.
     */
    String devicesJson(RegionScope scope) {
        List<DeviceStatusView> join = fleet.devices(RegionScope.EVERYTHING);
        DevicesJson kept = arrays.get(scope);
        if (kept != null && kept.join() == join) {
            return kept.json();
        }
        String json = FeedMessages.devices(fleet.devices(scope));
        if (arrays.size() >= KEPT_SCOPES) {
            arrays.clear();
        }
        arrays.put(scope, new DevicesJson(join, json));
        return json;
    }

    void onRound(@Observes StateChanges round) {
        if (clients.isEmpty() || round.changes().isEmpty()) {
            return;
        }
        rounds.add(round);
        distributeSoon();
    }

    /** A round of another node of the cluster: its changes reach this node's clients the same way. */
    void onPeerRound(@Observes ge.wardops.cluster.PeerSignal signal) {
        if (signal.payload() instanceof StateChanges round) {
            onRound(round);
        }
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
}
