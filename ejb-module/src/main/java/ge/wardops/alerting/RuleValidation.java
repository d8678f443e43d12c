package ge.wardops.alerting;

import ge.wardops.alerting.expression.Comparison;
import ge.wardops.alerting.expression.Condition;
import ge.wardops.alerting.expression.ExpressionException;
import ge.wardops.alerting.expression.ExpressionParser;
import ge.wardops.alerting.expression.Level;
import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.inventory.DeviceType;
import ge.wardops.shared.InvalidInputException.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a rule draft field by field (every problem at once, in an operator's words) and compiles
 * a stored rule into its {@link CompiledRule}. Whether a named device, branch, region or group
 * exists is the service's check; this one needs no database.
 */
public final class RuleValidation {

    private static final Pattern SNMP_ITEM = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,79}");
    private static final Pattern TAG = Pattern.compile("[\\p{L}\\p{N}_.:-]{1,60}");
    private static final int MAX_FOR_SECONDS = 86_400;

    private RuleValidation() {
    }

    public static List<FieldError> check(AlertRuleDraft d) {
        List<FieldError> errors = new ArrayList<>();
        if (d.name() == null || d.name().isBlank()) {
            errors.add(new FieldError("name", "a rule needs a name"));
        } else if (d.name().length() > 120) {
            errors.add(new FieldError("name", "at most 120 characters"));
        }
        if (d.kind() == null) {
            errors.add(new FieldError("kind", "one of " + List.of(RuleKind.values())));
        }
        if (d.severity() == null) {
            errors.add(new FieldError("severity", "one of " + List.of(Severity.values())));
        }
        errors.addAll(checkScope(d.scopeType(), d.scopeValue(), "scope"));
        if (d.forSeconds() != null && (d.forSeconds() < 0 || d.forSeconds() > MAX_FOR_SECONDS)) {
            errors.add(new FieldError("forSeconds", "between 0 and " + MAX_FOR_SECONDS + " seconds"));
        }
        if (d.messageTemplate() != null) {
            if (d.messageTemplate().length() > 500) {
                errors.add(new FieldError("messageTemplate", "at most 500 characters"));
            }
            Set<String> unknown = MessageTemplate.unknownPlaceholders(d.messageTemplate());
            if (!unknown.isEmpty()) {
                errors.add(new FieldError("messageTemplate", "unknown placeholders " + unknown + "; known are "
                        + new java.util.TreeSet<>(MessageTemplate.PLACEHOLDERS)));
            }
        }
        if (d.kind() != null) {
            checkKind(d, errors);
        }
        return errors;
    }

    private static void checkKind(AlertRuleDraft d, List<FieldError> errors) {
        switch (d.kind()) {
            case DEVICE_DOWN, SNMP_INTERFACE_DOWN -> {
            }
            case RTT_ABOVE -> positive(d.threshold(), "threshold", "a round-trip time in ms above 0", errors);
            case LOSS_ABOVE -> percent(d.threshold(), errors);
            case SNMP_RATE_ABOVE, SNMP_RATE_BELOW -> {
                if (d.snmpItem() == null || !SNMP_ITEM.matcher(d.snmpItem()).matches()) {
                    errors.add(new FieldError("snmpItem", "the counter's item name as in the SNMP templates, e.g. ifInErrors"));
                }
                if (d.threshold() == null || d.threshold() < 0) {
                    errors.add(new FieldError("threshold", "a rate per second, 0 or more"));
                }
            }
            case AVAILABILITY_BELOW -> {
                percent(d.threshold(), errors);
                window(d.windowSeconds(), true, errors);
            }
            case EXPRESSION -> {
                try {
                    ExpressionParser.Parsed parsed = ExpressionParser.parse(d.expression());
                    if (parsed.usesAvailability()) {
                        window(d.windowSeconds(), true, errors);
                    }
                    if (parsed.level() != Level.DEVICE && d.scopeType() == ScopeType.DEVICE) {
                        errors.add(new FieldError("scopeType", "a " + parsed.level().name().toLowerCase()
                                + " aggregate needs a scope of several devices, not one device"));
                    }
                } catch (ExpressionException e) {
                    errors.add(new FieldError("expression", e.getMessage()));
                }
            }
        }
        if (d.kind() != RuleKind.EXPRESSION && d.expression() != null && !d.expression().isBlank()) {
            errors.add(new FieldError("expression", "only an EXPRESSION rule has an expression"));
        }
    }

    /** The checks of a scope, shared by rules and maintenance windows. */
    public static List<FieldError> checkScope(ScopeType type, String value, String field) {
        List<FieldError> errors = new ArrayList<>();
        if (type == null) {
            errors.add(new FieldError(field + "Type", "one of " + List.of(ScopeType.values())));
            return errors;
        }
        String v = value == null ? "" : value.trim();
        switch (type) {
            case ALL -> {
                if (!v.isEmpty()) {
                    errors.add(new FieldError(field + "Value", "a scope of ALL takes no value"));
                }
            }
            case DEVICE, BRANCH, REGION, GROUP -> {
                if (!v.matches("[1-9][0-9]{0,17}")) {
                    errors.add(new FieldError(field + "Value", "the " + type.name().toLowerCase() + "'s id"));
                }
            }
            case DEVICE_TYPE -> {
                try {
                    DeviceType.valueOf(v.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError(field + "Value", "one of " + List.of(DeviceType.values())));
                }
            }
            case TAG -> {
                if (!TAG.matcher(v).matches()) {
                    errors.add(new FieldError(field + "Value", "a tag: 1 to 60 letters, digits or _.:-"));
                }
            }
        }
        return errors;
    }

    private static void positive(Double v, String field, String what, List<FieldError> errors) {
        if (v == null || v <= 0 || v.isNaN() || v.isInfinite()) {
            errors.add(new FieldError(field, what));
        }
    }

    private static void percent(Double v, List<FieldError> errors) {
        if (v == null || v < 0 || v > 100 || v.isNaN()) {
            errors.add(new FieldError("threshold", "a percentage between 0 and 100"));
        }
    }

    private static void window(Integer seconds, boolean required, List<FieldError> errors) {
        if (seconds == null ? required : seconds < 60 || seconds > 2_678_400) {
            errors.add(new FieldError("windowSeconds", "the availability window: 60 s to 31 days"));
        }
    }

    /** The condition of a valid stored rule. */
    public static CompiledRule compile(AlertRuleView r) {
        Condition condition;
        Level level = Level.DEVICE;
        boolean availability = false;
        switch (r.kind()) {
            case DEVICE_DOWN -> condition = new Condition.StatusIs(DeviceStatus.DOWN);
            case RTT_ABOVE -> condition = new Condition.Compare(Condition.Metric.RTT, null, Comparison.GT, r.threshold());
            case LOSS_ABOVE -> condition = new Condition.Compare(Condition.Metric.LOSS, null, Comparison.GT, r.threshold());
            case SNMP_INTERFACE_DOWN -> condition = new Condition.Compare(Condition.Metric.SNMP, "ifOperStatus", Comparison.EQ, 2);
            case SNMP_RATE_ABOVE -> condition = new Condition.Compare(Condition.Metric.SNMP, r.snmpItem() + "_per_second", Comparison.GT, r.threshold());
            case SNMP_RATE_BELOW -> condition = new Condition.Compare(Condition.Metric.SNMP, r.snmpItem() + "_per_second", Comparison.LT, r.threshold());
            case AVAILABILITY_BELOW -> {
                condition = new Condition.Compare(Condition.Metric.AVAILABILITY, null, Comparison.LT, r.threshold());
                availability = true;
            }
            case EXPRESSION -> {
                ExpressionParser.Parsed parsed = ExpressionParser.parse(r.expression());
                condition = parsed.condition();
                level = parsed.level();
                availability = parsed.usesAvailability();
            }
            default -> throw new IllegalStateException(r.kind().name());
        }
        return new CompiledRule(r, condition, level, RuleScope.of(r.scopeType(), r.scopeValue()), availability);
    }
}
