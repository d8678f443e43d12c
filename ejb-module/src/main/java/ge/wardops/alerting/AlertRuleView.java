package ge.wardops.alerting;

import java.time.Instant;

/** A stored rule as the API shows it (and as the engine compiles it). */
public record AlertRuleView(long id, String name, RuleKind kind, ScopeType scopeType, String scopeValue, String expression,
                            Double threshold, String snmpItem, Integer windowSeconds, int forSeconds, Severity severity,
                            String messageTemplate, boolean enabled, String createdBy, Instant createdAt,
                            Instant updatedAt, long version) {
}
