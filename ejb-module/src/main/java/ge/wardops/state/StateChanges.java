package ge.wardops.state;

import java.time.Instant;
import java.util.List;

/** Every status change of one probe round; the CDI event observers receive. */
public record StateChanges(Instant round, List<DeviceStateChanged> changes) {
}
