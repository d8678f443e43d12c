package ge.wardops.fleet;

import ge.wardops.alerting.AlertingLookups;
import ge.wardops.inventory.InventoryChanged;
import ge.wardops.security.RegionScope;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An in-memory copy of the inventory for the live views, so that a dashboard or list request
 * reads no table. It is dropped when this server commits an inventory change (the next reader takes
 * it again, so a change is in the very next answer), and taken again in the background once it is
 * {@link #MAX_AGE_MILLIS} old, readers meanwhile keeping the old copy (a copy twice that old, which no
 * one read for a while, is taken on the reader's thread): what bounds how stale it can be on another
 * node of a cluster. A copy taken again that equals the old one keeps its generation, so nothing
 * built from it is built again. The open-alert count is cached for {@link #ALERTS_MAX_AGE_MILLIS}.
 *
 * <p>Before, the minute's refresh ran on the request that found the copy old, and bumped the
 * generation whether anything changed or not: at 10,000 devices that request, and every one behind
 * it, waited ~150 ms once a minute for the queries and a rebuild of every live answer.
 */
@ApplicationScoped
public class FleetSnapshot {

    private static final Logger LOG = Logger.getLogger(FleetSnapshot.class.getName());

    static final long MAX_AGE_MILLIS = 60_000;
    /** After a background refresh failed (the database unreachable), the old copy is kept and it is tried again this much later. */
    static final long RETRY_MILLIS = 5_000;
    static final long ALERTS_MAX_AGE_MILLIS = 5_000;

    private record Copy<T>(T value, long takenAt) {
    }

    /** The three lists are read together, so a branch summary never meets a device of a branch it does not know. */
    private record Inventory(long generation, List<FleetDevice> devices, List<FleetBranch> branches, List<FleetRegion> regions) {
    }

    @EJB
    FleetQueries queries;

    @Inject
    AlertingLookups alerting;

    @Resource
    ManagedExecutorService executor;

    private volatile Copy<Inventory> inventory;
    private long generations;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    /** {@link #MAX_AGE_MILLIS}; tests shorten it. */
    long maxAgeMillis = MAX_AGE_MILLIS;
    private volatile Copy<Map<Long, Long>> alerts;

    /** Every live device with its branch and region, by id. */
    public List<FleetDevice> devices() {
        return inventory().devices();
    }

    /** Changes whenever the copy is taken again; equal generations mean the same copy. */
    public long generation() {
        return inventory().generation();
    }

    /** Every branch, by name. */
    public List<FleetBranch> branches() {
        return inventory().branches();
    }

    /** Every region, by name. */
    public List<FleetRegion> regions() {
        return inventory().regions();
    }

    /** For tests: where background refreshes run. */
    Executor background() {
        return executor;
    }

    private Inventory inventory() {
        Copy<Inventory> copy = inventory;
        long age = copy == null ? 0 : System.currentTimeMillis() - copy.takenAt();
        if (copy == null || age > 2 * maxAgeMillis) {
            // None, or so old that no one has read it for a while (a background refresh would give this reader
            // a copy of any age): taken on this reader's thread.
            synchronized (this) {
                Copy<Inventory> now = inventory;
                if (now == null || System.currentTimeMillis() - now.takenAt() > 2 * maxAgeMillis) {
                    now = take(now == null ? null : now.value());
                    inventory = now;
                }
                copy = now;
            }
        } else if (age > maxAgeMillis) {
            refreshInBackground(copy);
        }
        return copy.value();
    }

    /** The inventory as the database has it now; the generation of {@code previous} when nothing changed. */
    private synchronized Copy<Inventory> take(Inventory previous) {
        List<FleetDevice> devices = queries.devices();
        List<FleetBranch> branches = queries.branches();
        List<FleetRegion> regions = queries.regions();
        boolean same = previous != null && previous.devices().equals(devices) && previous.branches().equals(branches)
                && previous.regions().equals(regions);
        return new Copy<>(new Inventory(same ? previous.generation() : ++generations, devices, branches, regions),
                System.currentTimeMillis());
    }

    private void refreshInBackground(Copy<Inventory> old) {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        try {
            background().execute(() -> {
                try {
                    Copy<Inventory> fresh = take(old.value());
                    replace(old, fresh);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "The inventory copy could not be taken again; the old one is kept and the next try is in "
                            + RETRY_MILLIS + " ms", e);
                    replace(old, new Copy<>(old.value(), System.currentTimeMillis() - maxAgeMillis + RETRY_MILLIS));
                } finally {
                    refreshing.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            refreshing.set(false);
            replace(old, take(old.value())); // no executor: as before, on the caller's thread
        }
    }

    /** Installs {@code fresh} unless the copy moved meanwhile (an inventory change dropped it: the next reader takes it anew). */
    private synchronized void replace(Copy<Inventory> old, Copy<Inventory> fresh) {
        if (inventory == old) {
            inventory = fresh;
        }
    }

    /** The open alerts {@code scope} may see: those of its regions, system alerts (no region) only for the unrestricted. */
    public long activeAlerts(RegionScope scope) {
        Copy<Map<Long, Long>> copy = alerts;
        if (copy == null || System.currentTimeMillis() - copy.takenAt() > ALERTS_MAX_AGE_MILLIS) {
            copy = new Copy<>(alerting.openByRegion(), System.currentTimeMillis());
            alerts = copy;
        }
        long count = 0;
        for (Map.Entry<Long, Long> e : copy.value().entrySet()) {
            if (scope.unrestricted() || scope.allows(e.getKey())) {
                count += e.getValue();
            }
        }
        return count;
    }

    void onInventoryChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) InventoryChanged change) {
        inventory = null;
    }
}
