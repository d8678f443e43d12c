package ge.wardops.cluster;

/**
 * Fired (CDI, on Infinispan's notification thread) after the ownership topology changed: a member
 * joined, left or died. Observers drop what they cached about ownership (the alert engine reloads
 * the open alerts it may now own); the probe rounds ask {@link ClusterNode} afresh at every round.
 */
public record ClusterChanged(int topologyId, java.util.List<String> members, String leader) {
}
