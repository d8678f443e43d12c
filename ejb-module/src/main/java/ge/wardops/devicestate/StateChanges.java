package ge.wardops.devicestate;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * Every status change of one probe round (possibly none); the CDI event observers receive once per
 * round (and, in a cluster, sent to the other nodes for their feed clients). {@code round} is when the round's states were decided (after its confirmation probes).
 */
public record StateChanges(Instant round, List<DeviceStateChanged> changes) implements Serializable {
}
