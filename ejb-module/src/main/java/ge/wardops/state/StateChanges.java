package ge.wardops.state;

import java.time.Instant;
import java.util.List;

/** Every status change of one probe round (possibly none); the CDI event observers receive once per round. */
public record StateChanges(Instant round, List<DeviceStateChanged> changes) {
}
