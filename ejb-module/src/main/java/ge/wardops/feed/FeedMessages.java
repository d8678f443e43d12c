package ge.wardops.feed;

import ge.wardops.devicestate.DeviceStateChanged;
import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.fleet.DeviceStatusView;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.List;

/** The feed's messages as JSON (docs/api.md, "Live feed"). Nulls are left out, as in the REST answers. */
public final class FeedMessages {

    private static final Jsonb JSON = JsonbBuilder.create();

    /**
     * Every device the client may see, as the live list shows it; the client replaces its copy. Written
     * by {@link #snapshot(long, String)} around a devices array kept per probe round (this record says
     * what the message is; {@code DevicesFeedSnapshotTest} holds the two to the same bytes).
     */
    @JsonbPropertyOrder({"type", "seq", "devices"})
    public record Snapshot(String type, long seq, List<DeviceStatusView> devices) {
    }

    /** The changes of one probe round in the client's regions; the client applies them by deviceId. */
    @JsonbPropertyOrder({"type", "seq", "changes"})
    public record Delta(String type, long seq, List<Change> changes) {
    }

    /** A device's new status and since when; rttMs is absent when nothing answered. */
    @JsonbPropertyOrder({"deviceId", "status", "since", "rttMs", "lossPercent"})
    public record Change(long deviceId, DeviceStatus status, Instant since, Double rttMs, double lossPercent) {

        static Change of(DeviceStateChanged c) {
            return new Change(c.deviceId(), c.to(), c.at(), c.rttMs(), c.lossPercent());
        }
    }

    /** Sent when nothing else was for a while: tells the client the connection is alive; carries no seq. */
    static final String HEARTBEAT = "{\"type\":\"heartbeat\"}";

    private FeedMessages() {
    }

    /** A {@link Snapshot} of {@code devicesArray}, a JSON array as {@link #devices} writes it. */
    static String snapshot(long seq, String devicesArray) {
        return "{\"type\":\"snapshot\",\"seq\":" + seq + ",\"devices\":" + devicesArray + "}";
    }

    /** The devices of a snapshot as a JSON array. */
    static String devices(List<DeviceStatusView> devices) {
        return JSON.toJson(devices);
    }

    static String delta(long seq, List<Change> changes) {
        return JSON.toJson(new Delta("delta", seq, changes));
    }
}
