package ge.wardops.cluster;

import java.util.List;

/**
 * What this node knows of the cluster, for {@code GET /api/v1/cluster} and the health check.
 *
 * @param ownedDevices the enabled devices this node probes (its branches' devices)
 * @param devices      all enabled devices
 */
public record ClusterView(boolean clustered, String node, String leader, List<String> members, int topologyId, boolean settled,
                          long topologyChanges, int ownedDevices, int devices) {
}
