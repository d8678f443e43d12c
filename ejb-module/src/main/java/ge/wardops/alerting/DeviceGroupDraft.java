package ge.wardops.alerting;

import java.util.List;

/** A device group as a client sends it; {@code deviceIds} replaces the members. */
public record DeviceGroupDraft(String name, String description, List<Long> deviceIds) {
}
