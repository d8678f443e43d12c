package ge.wardops.devicestate;

import ge.wardops.cache.LocalCaches;
import ge.wardops.cluster.PeerSignal;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.infinispan.Cache;
import org.infinispan.configuration.cache.ConfigurationBuilder;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The current state of every device, in an embedded Infinispan cache: read by every dashboard
 * and list request and written once per probe round, so neither touches PostgreSQL. On start
 * it is seeded from the database: a device that was down when the server stopped is still
 * DOWN (since its recorded time), every other device is UNKNOWN until its first round.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "LocalCaches"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class DeviceStates {

    private static final Logger LOG = Logger.getLogger(DeviceStates.class.getName());

    /** Far above the 10,000+ devices planned; bounds memory if ids ever run away. */
    private static final long MAX_ENTRIES = 1_000_000;

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @EJB
    LocalCaches caches;

    private Cache<Long, DeviceState> cache;
    /** Bumped on every write, so readers can tell "nothing changed since" without comparing states. */
    private final AtomicLong version = new AtomicLong();

    @PostConstruct
    void start() {
        ConfigurationBuilder config = new ConfigurationBuilder();
        config.memory().maxCount(MAX_ENTRIES);
        config.statistics().enable();
        // Shared: every node of a cluster shows every device's state; each writes only its own devices'.
        cache = caches.shared("device-state", config);
        Instant now = Instant.now();
        Map<Long, DeviceState> seed = new HashMap<>();
        for (Object[] row : em.createQuery("select d.id, d.downSince from Device d where d.deletedAt is null", Object[].class)
                .getResultList()) {
            long id = (Long) row[0];
            seed.put(id, row[1] == null ? DeviceState.unknown(id, now) : DeviceState.down(id, (Instant) row[1]));
        }
        // A node that joins a running cluster received the live states already: seed only what no one knows.
        seed.keySet().removeAll(cache.keySet());
        cache.putAll(seed);
        LOG.info(() -> "Device states seeded: " + seed.size() + " devices");
    }

    /** The state of a device, UNKNOWN (since now) for one never probed. */
    public DeviceState get(long deviceId) {
        DeviceState s = cache.get(deviceId);
        return s != null ? s : DeviceState.unknown(deviceId, Instant.now());
    }

    public Map<Long, DeviceState> getAll(Set<Long> deviceIds) {
        return cache.getAdvancedCache().getAll(deviceIds);
    }

    /**
     * The state of each of {@code deviceIds} in one call, UNKNOWN (since now) for one never probed.
     * What a reader of many devices uses: every call of this singleton goes through the EJB container
     * (security, transaction, interceptors), ~20–50 µs, so a loop of {@link #get} over 10,000 devices
     * took 0.2–0.5 s where this takes a few ms (docs/performance.md, the reading of 2026-12-07 01:43).
     */
    public Map<Long, DeviceState> statesOf(Collection<Long> deviceIds) {
        Map<Long, DeviceState> found = cache.getAdvancedCache().getAll(deviceIds instanceof Set<Long> set ? set : new HashSet<>(deviceIds));
        Map<Long, DeviceState> out = new HashMap<>(Math.max(16, deviceIds.size() * 2));
        Instant now = null;
        for (Long id : deviceIds) {
            DeviceState s = found.get(id);
            if (s == null) {
                now = now == null ? Instant.now() : now;
                s = DeviceState.unknown(id, now);
            }
            out.put(id, s);
        }
        return out;
    }

    public void putAll(Map<Long, DeviceState> states) {
        cache.putAll(states);
        version.incrementAndGet();
    }

    /** Another node's round: the states it wrote (replicated here) changed what readers see. */
    public void onPeerRound(@Observes PeerSignal signal) {
        if (signal.payload() instanceof StateChanges) {
            version.incrementAndGet();
        }
    }

    /** Changes with every write of this node (once per probe round) and every round of another node; equal versions mean equal states. */
    public long version() {
        return version.get();
    }

    public Collection<DeviceState> all() {
        return cache.values();
    }

    public void forget(long deviceId) {
        cache.remove(deviceId);
        version.incrementAndGet();
    }
}
