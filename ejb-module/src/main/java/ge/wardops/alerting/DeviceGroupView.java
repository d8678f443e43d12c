package ge.wardops.alerting;

import java.util.List;

/**
 * A saved device group: a scope for rules and maintenance windows (scopeType GROUP, scopeValue its
 * id); {@code deviceIds} in rising order, {@code version} to send back with a change.
 */
public record DeviceGroupView(long id, String name, String description, List<Long> deviceIds, long version) {
}
