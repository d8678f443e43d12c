package ge.wardops.alerting;

import java.util.List;

/**
 * A device group as a client sends it; {@code deviceIds} replaces the members. {@code version}, the
 * one read, refuses a change based on an old read when sent (groups had no version before V13, so a
 * change without one is still taken).
 */
public record DeviceGroupDraft(String name, String description, List<Long> deviceIds, Long version) {
}
