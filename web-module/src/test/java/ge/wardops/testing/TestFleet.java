package ge.wardops.testing;

import jakarta.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Builds the inventory a test needs through the REST API, failing at once if the server refuses. */
public final class TestFleet {

    private TestFleet() {
    }

    public static long region(Http admin, String name, String code) {
        return created(admin.postJson("api/v1/regions", "{\"name\":\"" + name + "\",\"code\":\"" + code + "\"}"))
                .getJsonNumber("id").longValue();
    }

    public static long branch(Http admin, long regionId, String name, String code) {
        return created(admin.postJson("api/v1/branches", "{\"regionId\":" + regionId + ",\"name\":\"" + name
                + "\",\"code\":\"" + code + "\"}")).getJsonNumber("id").longValue();
    }

    /** Creates a device from its JSON draft and answers the device as the server stored it. */
    public static JsonObject device(Http admin, String json) {
        return created(admin.postJson("api/v1/devices", json));
    }

    private static JsonObject created(Http.Answer answer) {
        assertEquals(201, answer.status(), answer.toString());
        return answer.json();
    }
}
