package ge.wardops.alerting;

import ge.wardops.alerting.expression.Condition;
import ge.wardops.alerting.expression.Level;

/** A rule ready for evaluation: its condition parsed once, its scope parsed once. */
public record CompiledRule(AlertRuleView rule, Condition condition, Level level, RuleScope scope, boolean usesAvailability) {

    public long id() {
        return rule.id();
    }

    public long forMillis() {
        return rule.forSeconds() * 1000L;
    }
}
