package ge.wardops.fleet;

import ge.wardops.alerting.AlertingLookups;
import ge.wardops.inventory.InventoryChanged;
import ge.wardops.security.RegionScope;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;

/**
 * An in-memory copy of the inventory for the live views, so that a dashboard or list request
 * reads no table. It is dropped when this server commits an inventory change, and at the latest
 * after {@link #MAX_AGE_MILLIS} (which bounds how stale it can be on another node of a cluster);
 * the open-alert count is cached for {@link #ALERTS_MAX_AGE_MILLIS}.
 */
@ApplicationScoped
public class FleetSnapshot {

    static final long MAX_AGE_MILLIS = 60_000;
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

    private volatile Copy<Inventory> inventory;
    private long generations;
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

    private Inventory inventory() {
        Copy<Inventory> copy = inventory;
        if (copy == null || System.currentTimeMillis() - copy.takenAt() > MAX_AGE_MILLIS) {
            synchronized (this) {
                copy = inventory;
                if (copy == null || System.currentTimeMillis() - copy.takenAt() > MAX_AGE_MILLIS) {
                    copy = new Copy<>(new Inventory(++generations, queries.devices(), queries.branches(), queries.regions()), System.currentTimeMillis());
                    inventory = copy;
                }
            }
        }
        return copy.value();
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
