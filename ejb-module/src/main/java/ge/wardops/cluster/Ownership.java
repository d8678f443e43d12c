package ge.wardops.cluster;

import org.infinispan.distribution.LocalizedCacheTopology;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who owns what, as of one ownership topology: what a round asks once per device (100,000 times at
 * the scale of the cluster benchmark) answered from a plain object, each branch's answer worked out
 * once. Asking the {@link ClusterNode} bean per device cost a container call each (a transaction begun
 * and committed around it): most of a round's own CPU at 25,000 devices per node
 * (docs/performance.md, "Cluster (100,000 devices)"). A round takes one snapshot at its start, so all
 * its questions are answered for the same topology. Thread-safe.
 */
public final class Ownership {

    /** Alone: this node owns everything. */
    public static final Ownership ALL = new Ownership(null);

    private final LocalizedCacheTopology topology;
    private final Map<Long, Boolean> branches = new ConcurrentHashMap<>();
    private final Map<Long, Boolean> regions = new ConcurrentHashMap<>();

    Ownership(LocalizedCacheTopology topology) {
        this.topology = topology;
    }

    /** Whether this node probes and evaluates the devices of this branch. */
    public boolean ownsBranch(long branchId) {
        return topology == null || branches.computeIfAbsent(branchId, id -> owns(ClusterNode.branchKey(id)));
    }

    /** Whether this node evaluates the region-level rules of this region. */
    public boolean ownsRegion(long regionId) {
        return topology == null || regions.computeIfAbsent(regionId, id -> owns(ClusterNode.regionKey(id)));
    }

    /** Primary owner of the key's segment in the topology's current consistent hash: see {@link Membership#owns}. */
    private boolean owns(String key) {
        return Membership.owns(topology, key);
    }
}
