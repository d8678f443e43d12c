package ge.wardops.alerting;

import ge.wardops.shared.InvalidInputException.FieldError;
import jakarta.persistence.EntityManager;

import java.util.List;

/** Whether the device, branch, region or group a scope names exists: the check validation cannot make without the database. */
final class ScopeTargets {

    private ScopeTargets() {
    }

    static List<FieldError> check(EntityManager em, ScopeType type, String value, String field) {
        String sql = switch (type) {
            case DEVICE -> "SELECT id FROM devices WHERE id = ? AND deleted_at IS NULL";
            case BRANCH -> "SELECT id FROM branches WHERE id = ?";
            case REGION -> "SELECT id FROM regions WHERE id = ?";
            case GROUP -> "SELECT id FROM device_groups WHERE id = ?";
            default -> null;
        };
        if (sql == null || !Jdbc.list(em, sql, rs -> rs.getLong(1), Long.parseLong(value.trim())).isEmpty()) {
            return List.of();
        }
        return List.of(new FieldError(field + "Value", "there is no " + type.name().toLowerCase() + " " + value.trim()));
    }
}
