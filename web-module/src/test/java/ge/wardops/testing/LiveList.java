package ge.wardops.testing;

import jakarta.json.JsonObject;

/** Reads a device's status from the live list, as a dashboard or integration sees it. */
public final class LiveList {

    private LiveList() {
    }

    /** UP, DOWN, UNKNOWN, or "absent" when the caller cannot see the device at all. */
    public static String status(Http who, long device) {
        return who.get("api/v1/devices/standalone/list").array().stream().map(v -> (JsonObject) v)
                .filter(d -> d.getJsonNumber("id").longValue() == device).map(d -> d.getString("status")).findFirst().orElse("absent");
    }
}
