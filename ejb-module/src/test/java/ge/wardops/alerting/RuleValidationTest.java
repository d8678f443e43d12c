package ge.wardops.alerting;

import ge.wardops.shared.InvalidInputException.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleValidationTest {

    private static AlertRuleDraft draft(RuleKind kind, ScopeType scope, String scopeValue, String expression, Double threshold,
                                        String snmpItem, Integer window, String template) {
        return new AlertRuleDraft("rule", kind, scope, scopeValue, expression, threshold, snmpItem, window, 60, Severity.MAJOR,
                template, true, null);
    }

    private static List<String> fields(AlertRuleDraft d) {
        return RuleValidation.check(d).stream().map(FieldError::field).toList();
    }

    @Test
    void aSoundRuleOfEachKindPasses() {
        assertTrue(fields(draft(RuleKind.DEVICE_DOWN, ScopeType.ALL, null, null, null, null, null, "{device} is down")).isEmpty());
        assertTrue(fields(draft(RuleKind.RTT_ABOVE, ScopeType.DEVICE_TYPE, "atm", null, 150.0, null, null, null)).isEmpty());
        assertTrue(fields(draft(RuleKind.LOSS_ABOVE, ScopeType.TAG, "vip", null, 20.0, null, null, null)).isEmpty());
        assertTrue(fields(draft(RuleKind.SNMP_RATE_ABOVE, ScopeType.BRANCH, "4", null, 5.0, "ifInErrors", null, null)).isEmpty());
        assertTrue(fields(draft(RuleKind.AVAILABILITY_BELOW, ScopeType.REGION, "2", null, 99.0, null, 86400, null)).isEmpty());
        assertTrue(fields(draft(RuleKind.EXPRESSION, ScopeType.ALL, null, "branch.percent(down) > 30", null, null, null, null)).isEmpty());
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsField() {
        AlertRuleDraft bad = new AlertRuleDraft(" ", null, ScopeType.DEVICE, "abc", null, null, null, null, -5, null,
                "{device} {devcie}", true, null);
        assertEquals(List.of("name", "kind", "severity", "scopeValue", "forSeconds", "messageTemplate"), fields(bad));
        assertTrue(RuleValidation.check(bad).get(5).message().contains("[devcie]"), RuleValidation.check(bad).toString());
    }

    @Test
    void kindSpecificFields() {
        assertEquals(List.of("threshold"), fields(draft(RuleKind.RTT_ABOVE, ScopeType.ALL, null, null, null, null, null, null)));
        assertEquals(List.of("threshold"), fields(draft(RuleKind.LOSS_ABOVE, ScopeType.ALL, null, null, 120.0, null, null, null)));
        assertEquals(List.of("snmpItem"), fields(draft(RuleKind.SNMP_RATE_BELOW, ScopeType.ALL, null, null, 1.0, "if In", null, null)));
        assertEquals(List.of("windowSeconds"), fields(draft(RuleKind.AVAILABILITY_BELOW, ScopeType.ALL, null, null, 99.0, null, 10, null)));
        assertEquals(List.of("expression"), fields(draft(RuleKind.DEVICE_DOWN, ScopeType.ALL, null, "down", null, null, null, null)));
        assertEquals(List.of("scopeValue"), fields(draft(RuleKind.DEVICE_DOWN, ScopeType.DEVICE_TYPE, "toaster", null, null, null, null, null)));
    }

    @Test
    void expressionErrorsSayWhere() {
        List<FieldError> errors = RuleValidation.check(draft(RuleKind.EXPRESSION, ScopeType.ALL, null, "rtt > ", null, null, null, null));
        assertEquals("expression", errors.get(0).field());
        assertEquals("at 7: expected a number, found ''", errors.get(0).message());
        assertEquals(List.of("windowSeconds"), fields(draft(RuleKind.EXPRESSION, ScopeType.ALL, null, "availability < 99", null, null, null, null)));
        assertEquals(List.of("scopeType"), fields(draft(RuleKind.EXPRESSION, ScopeType.DEVICE, "5", "branch.count(down) > 2", null, null, null, null)));
    }
}
