package ge.wardops.cluster;

import ge.wardops.cache.LocalCaches;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.event.CacheEntryCreatedEvent;

import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the other nodes what happened here: a round's state changes (their feed clients see a change
 * detected on this node), alert transitions, a user's sessions ended. Carried by a replicated cache
 * of short-lived entries (the cluster's one engine, no second messaging system); each node fires
 * what it receives from the others as a {@link PeerSignal}. Alone, {@link #publish} does nothing.
 */
@Singleton
@Startup
@DependsOn("LocalCaches")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class ClusterSignals {

    private static final Logger LOG = Logger.getLogger(ClusterSignals.class.getName());

    @EJB
    LocalCaches caches;

    @EJB
    ClusterNode node;

    @Inject
    Event<PeerSignal> received;

    private Cache<String, PeerSignal> signals;

    @PostConstruct
    void start() {
        if (!caches.clustered()) {
            return;
        }
        // A signal matters for seconds; the lifespan only bounds what a node that joins late receives.
        ConfigurationBuilder config = new ConfigurationBuilder();
        config.expiration().lifespan(30, TimeUnit.SECONDS);
        config.memory().maxCount(100_000);
        // A joining node needs no old signals: no state transfer (it would only wait for them).
        config.clustering().stateTransfer().fetchInMemoryState(false).awaitInitialTransfer(false);
        signals = caches.shared("cluster-signals", config);
        signals.addListener(new Receiver());
    }

    /** Sends {@code payload} to every other node (asynchronously; never blocks on them). */
    public void publish(Serializable payload) {
        if (signals == null) {
            return;
        }
        try {
            signals.putAsync(node.nodeName() + ":" + UUID.randomUUID(), new PeerSignal(node.nodeName(), payload));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A cluster signal could not be sent; the other nodes' feed clients resync on their own", e);
        }
    }

    @Listener(sync = false, primaryOnly = false, observation = Listener.Observation.POST)
    public final class Receiver {
        @CacheEntryCreated
        public void created(CacheEntryCreatedEvent<String, PeerSignal> event) {
            if (event.isOriginLocal() || event.getValue() == null) {
                return;
            }
            try {
                received.fire(event.getValue());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "An observer of a cluster signal failed", e);
            }
        }
    }
}
