package ge.wardops.cluster;

import java.io.Serializable;

/**
 * Something another node of the cluster published ({@link ClusterSignals#publish}), fired here as a
 * CDI event on Infinispan's notification thread: observers only queue or flag, never block.
 *
 * @param from    the publishing node's name
 * @param payload the application's own record (device state changes of a round, an alert
 *                transition, a user whose sessions ended)
 */
public record PeerSignal(String from, Serializable payload) implements Serializable {
}
