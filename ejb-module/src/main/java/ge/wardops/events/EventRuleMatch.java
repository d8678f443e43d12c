package ge.wardops.events;

import ge.wardops.alerting.ExternalCondition;
import ge.wardops.alerting.Severity;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One enabled event rule, ready to match stored events: its pattern compiled once, its syslog
 * severity as a number. Matching is pure (no database, no engine), so it is tested on its own; the
 * message pattern is matched with {@link BoundedRegex}'s time bound.
 */
final class EventRuleMatch {

    private static final List<String> SYSLOG_SEVERITIES = Arrays.asList(SyslogParser.SEVERITIES);

    private final EventRuleView rule;
    private final Pattern pattern;
    private final int worstAllowedSyslogSeverity;

    EventRuleMatch(EventRuleView rule) {
        this.rule = rule;
        this.pattern = rule.messagePattern() == null ? null : Pattern.compile(rule.messagePattern());
        this.worstAllowedSyslogSeverity = rule.syslogSeverity() == null ? Integer.MAX_VALUE
                : SYSLOG_SEVERITIES.indexOf(rule.syslogSeverity().toLowerCase(Locale.ROOT));
    }

    EventRuleView rule() {
        return rule;
    }

    /** Whether {@code e} raises this rule's alert. Throws {@link BoundedRegex.TimedOut} when the pattern ran out of time. */
    boolean raises(StoredEvent e) {
        if (e.kind() != rule.kind() || !inScope(e)) {
            return false;
        }
        if (rule.kind() == EventKind.TRAP) {
            if (!namesTrap(e, rule.trap())) {
                return false;
            }
        } else {
            if (rule.program() != null && !rule.program().equals(e.name())) {
                return false;
            }
            if (rule.facility() != null && !rule.facility().equalsIgnoreCase(e.fields().get("facility"))) {
                return false;
            }
            if (rule.syslogSeverity() != null) {
                int sent = SYSLOG_SEVERITIES.indexOf(String.valueOf(e.fields().get("severity")));
                if (sent < 0 || sent > worstAllowedSyslogSeverity) {
                    return false;
                }
            }
        }
        return pattern == null || BoundedRegex.find(pattern, e.message(), BoundedRegex.BUDGET_NANOS);
    }

    /** Whether {@code e} is this rule's clearing trap (the subject it clears is {@link #subjectKey} of {@code e}). */
    boolean clears(StoredEvent e) {
        return rule.clearedBy() != null && e.kind() == EventKind.TRAP && inScope(e) && namesTrap(e, rule.clearedBy());
    }

    /**
     * What the alert is about: {@code <kind>:device:<id>:<subject>[:<value of subjectField>]}. The
     * seeded linkDown rule (subject and field {@code ifIndex}) gives {@code trap:device:42:ifIndex:3},
     * the key the built-in rule used, so alerts raised before rules were editable still clear.
     */
    String subjectKey(StoredEvent e) {
        String value = rule.subjectField() == null ? null : EventAlertRules.field(e.fields(), rule.subjectField());
        return ExternalCondition.key(rule.kind().name().toLowerCase(Locale.ROOT) + ":device:" + e.deviceId() + ":" + rule.subject()
                + (rule.subjectField() == null ? "" : ":" + (value == null ? "?" : value)));
    }

    ExternalCondition condition(StoredEvent e) {
        String device = e.deviceName() == null ? e.source() : e.deviceName();
        String value = rule.subjectField() == null ? null : EventAlertRules.field(e.fields(), rule.subjectField());
        String subjectName = device + (rule.subjectField() == null ? "" : " " + rule.subjectField() + " " + (value == null ? "?" : value));
        Severity severity = rule.severity();
        return new ExternalCondition(subjectKey(e), e.deviceId(), subjectName, severity, rule.name() + " on " + subjectName + ": " + e.message(),
                e.receivedAt());
    }

    private boolean inScope(StoredEvent e) {
        return e.deviceId() != null && (rule.deviceId() == null || rule.deviceId().equals(e.deviceId()))
                && (rule.regionId() == null || rule.regionId().equals(e.regionId()));
    }

    /** A trap is named by its name (linkDown), its MIB name (IF-MIB::linkDown) or its OID. */
    static boolean namesTrap(StoredEvent e, String trap) {
        Map<String, String> f = e.fields();
        return trap.equals(e.name()) || trap.equals(f.get("trap")) || trap.equals(f.get("trapOid"));
    }
}
