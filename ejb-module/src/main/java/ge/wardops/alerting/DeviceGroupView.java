package ge.wardops.alerting;

import java.util.List;

/** A saved device group: a scope for rules and maintenance windows (scopeType GROUP, scopeValue its id). */
public record DeviceGroupView(long id, String name, String description, List<Long> deviceIds) {
}
