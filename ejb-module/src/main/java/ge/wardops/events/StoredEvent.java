package ge.wardops.events;

import ge.wardops.alerting.Severity;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.Map;

/**
 * An event as stored, the way the API, the console and the feed show it.
 *
 * @param deviceId   the inventory device whose address sent it; {@code null} for an unknown source
 * @param deviceName that device's name, or {@code null}
 * @param regionId   the device's region when it arrived (what regional scoping goes by)
 */
@JsonbPropertyOrder({"id", "receivedAt", "source", "deviceId", "deviceName", "regionId", "kind", "severity", "name", "message",
        "fields", "raw"})
public record StoredEvent(long id, Instant receivedAt, String source, Long deviceId, String deviceName, Long regionId,
                          EventKind kind, Severity severity, String name, String message, Map<String, String> fields,
                          String raw) {
}
