package ge.wardops.health;

import java.util.Map;

/**
 * One check's verdict: its name (as MicroProfile Health and /api/v1/health show it), UP or not, and
 * what it measured (a {@code reason} when DOWN). {@code data} holds strings, numbers and booleans only.
 */
public record HealthVerdict(String name, boolean up, Map<String, Object> data) {

    public String status() {
        return up ? "UP" : "DOWN";
    }
}
