package ge.wardops.alerting;

import ge.wardops.shared.TrackedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Locale;

/** A stored alert rule; {@link AlertRuleView} is how callers and the engine see it. */
@Entity
@Table(name = "alert_rules")
public class AlertRule extends TrackedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 120)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 30)
    private RuleKind kind;

    @Enumerated(EnumType.STRING)
    @Column(name = "scope_type", nullable = false, length = 20)
    private ScopeType scopeType;

    @Column(name = "scope_value", length = 120)
    private String scopeValue;

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

    @Column(name = "created_by", length = 100, updatable = false)
    private String createdBy;

    protected AlertRule() {
    }

    /** A new rule from a validated draft. */
    AlertRule(AlertRuleDraft draft, String createdBy) {
        this.createdBy = createdBy;
        apply(draft);
    }

    void change(AlertRuleDraft draft) {
        apply(draft);
        touch();
    }

    /** The draft's fields as stored: trimmed, only those its kind and scope use. */
    private void apply(AlertRuleDraft d) {
        String scope = d.scopeType() == ScopeType.ALL || d.scopeValue() == null ? null : d.scopeValue().trim();
        this.name = d.name().strip();
        this.kind = d.kind();
        this.scopeType = d.scopeType();
        this.scopeValue = d.scopeType() == ScopeType.DEVICE_TYPE && scope != null ? scope.toUpperCase(Locale.ROOT) : scope;
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
        return new AlertRuleView(id == null ? 0 : id, name, kind, scopeType, scopeValue, expression, threshold, snmpItem,
                windowSeconds, forSeconds, severity, messageTemplate, enabled, createdBy, getCreatedAt(), getUpdatedAt(),
                getVersion());
    }

    public Long getId() { return id; }
}
