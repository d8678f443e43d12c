package ge.wardops.testing;

import jakarta.json.JsonObject;

import java.util.Arrays;

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

    /**
     * Creates a user of these roles (none of a region) and answers its name. Tests that try a wrong
     * password use such a user of their own: the shared server locks an account after three failures
     * (wardops.login.max-failures in arquillian.xml), and a locked administrator fails every class after.
     */
    public static String user(Http admin, String username, String password, String... roles) {
        String list = String.join("\",\"", roles);
        created(admin.postJson("api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"roles\":[\"" + list + "\"]}"));
        return username;
    }

    /** Creates a regional manager of these regions and answers its name. */
    public static String regionalManager(Http admin, String username, String password, long... regionIds) {
        created(admin.postJson("api/v1/users", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\",\"roles\":[\"regional_manager\"],\"regionIds\":" + Arrays.toString(regionIds).replace(" ", "") + "}"));
        return username;
    }

    private static JsonObject created(Http.Answer answer) {
        assertEquals(201, answer.status(), answer.toString());
        return answer.json();
    }
}
