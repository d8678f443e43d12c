package ge.wardops.alerting;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import java.util.Locale;

/** A stored alert rule; {@link AlertRuleView} is how callers and the engine see it. */
@Entity
@Table(name = "alert_rules")
public class AlertRule extends ScopedRecord {

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 30)
    private RuleKind kind;

    private String expression;

    private Double threshold;

    @Column(name = "snmp_item", length = 80)
    private String snmpItem;

    @Column(name = "window_seconds")
    private Integer windowSeconds;

    @Column(name = "for_seconds", nullable = false)
    private int forSeconds;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private Severity severity;

    @Column(name = "message_template", length = 500)
    private String messageTemplate;

    @Column(nullable = false)
    private boolean enabled = true;

    protected AlertRule() {
    }

    /** A new rule from a validated draft. */
    AlertRule(AlertRuleDraft draft, String createdBy) {
        super(createdBy);
        apply(draft);
    }

    void change(AlertRuleDraft draft) {
        apply(draft);
        touch();
    }

    /** The draft's fields as stored: trimmed, only those its kind and scope use. */
    private void apply(AlertRuleDraft d) {
        nameAndScope(d.name(), d.scopeType(), d.scopeValue());
        if (d.scopeType() == ScopeType.DEVICE_TYPE && getScopeValue() != null) {
            scopeValue(getScopeValue().toUpperCase(Locale.ROOT));
        }
        this.kind = d.kind();
        this.expression = d.kind() == RuleKind.EXPRESSION ? d.expression().strip() : null;
        this.threshold = d.threshold();
        this.snmpItem = d.kind() == RuleKind.SNMP_RATE_ABOVE || d.kind() == RuleKind.SNMP_RATE_BELOW ? d.snmpItem() : null;
        this.windowSeconds = d.windowSeconds();
        this.forSeconds = d.forSeconds() == null ? 0 : d.forSeconds();
        this.severity = d.severity();
        this.messageTemplate = d.messageTemplate() == null || d.messageTemplate().isBlank() ? null : d.messageTemplate();
        this.enabled = d.enabled() == null || d.enabled();
    }

    AlertRuleView view() {
        return new AlertRuleView(getId() == null ? 0 : getId(), getName(), kind, getScopeType(), getScopeValue(), expression, threshold,
                snmpItem, windowSeconds, forSeconds, severity, messageTemplate, enabled, getCreatedBy(), getCreatedAt(), getUpdatedAt(),
                getVersion());
    }

}
