package ge.wardops.alerting;

import ge.wardops.inventory.DeviceType;

import java.util.Locale;

/** A scope with its value already parsed, so that matching a device costs no parsing. */
public record RuleScope(ScopeType type, String value, long id) {

    public static final RuleScope ALL = new RuleScope(ScopeType.ALL, null, 0);

    /** The scope of a rule or window; the value must already be valid ({@link RuleValidation}). */
    public static RuleScope of(ScopeType type, String value) {
        return switch (type) {
            case ALL -> ALL;
            case DEVICE, BRANCH, REGION, GROUP -> new RuleScope(type, value.trim(), Long.parseLong(value.trim()));
            case DEVICE_TYPE -> new RuleScope(type, value.trim().toUpperCase(Locale.ROOT), 0);
            case TAG -> new RuleScope(type, value.trim(), 0);
        };
    }

    public boolean covers(AlertDevice d) {
        return switch (type) {
            case ALL -> true;
            case DEVICE -> d.id() == id;
            case BRANCH -> d.branchId() == id;
            case REGION -> d.regionId() == id;
            case GROUP -> d.groupIds().contains(id);
            case DEVICE_TYPE -> d.type() == DeviceType.valueOf(value);
            case TAG -> d.tags().contains(value);
        };
    }

    /** Whether a whole branch (or region) is inside this scope, for windows over group alerts. */
    public boolean coversGroup(String subjectKey, long branchId, long regionId) {
        return switch (type) {
            case ALL -> true;
            case BRANCH -> subjectKey.startsWith("branch:") && branchId == id;
            case REGION -> regionId == id;
            default -> false;
        };
    }
}
