package ge.wardops.health;

import java.util.Map;

/**
 * One check's verdict: its name (as MicroProfile Health and /api/v1/health show it), UP or not, and
 * what it measured (a short generic {@code reason} when DOWN). {@code data} holds strings, numbers and
 * booleans only and is shown to anyone: no exception texts, URLs or file paths. {@code detail} holds
 * those (the raw error, null when there is none): for the server log and for administrators and operators.
 */
public record HealthVerdict(String name, boolean up, Map<String, Object> data, String detail) {

    public HealthVerdict(String name, boolean up, Map<String, Object> data) {
        this(name, up, data, null);
    }

    public String status() {
        return up ? "UP" : "DOWN";
    }
}
