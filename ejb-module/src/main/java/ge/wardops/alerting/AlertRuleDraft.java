package ge.wardops.alerting;

/**
 * A rule as a client sends it to create or change one; {@link RuleValidation} checks every field
 * and answers all problems at once. {@code version} is the one read, for updates (lost-update check).
 */
public record AlertRuleDraft(String name, RuleKind kind, ScopeType scopeType, String scopeValue, String expression,
                             Double threshold, String snmpItem, Integer windowSeconds, Integer forSeconds,
                             Severity severity, String messageTemplate, Boolean enabled, Long version) {
}
