package ge.wardops.console;

import ge.wardops.alerting.AlertEngine;
import ge.wardops.alerting.AlertRuleDraft;
import ge.wardops.alerting.AlertRuleService;
import ge.wardops.alerting.AlertRuleView;
import ge.wardops.alerting.RuleKind;
import ge.wardops.alerting.ScopeType;
import ge.wardops.alerting.Severity;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** The alert rules table, the rule editor and its preview against the current data. */
@Named
@ViewScoped
public class AlertRulesPage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> INPUTS = Map.ofEntries(Map.entry("name", "ruleForm:name"), Map.entry("kind", "ruleForm:kind"),
            Map.entry("scopeType", "ruleForm:scopeType"), Map.entry("scopeValue", "ruleForm:scopeValue"),
            Map.entry("expression", "ruleForm:expression"), Map.entry("threshold", "ruleForm:threshold"),
            Map.entry("snmpItem", "ruleForm:snmpItem"), Map.entry("windowSeconds", "ruleForm:windowSeconds"),
            Map.entry("forSeconds", "ruleForm:forSeconds"), Map.entry("severity", "ruleForm:severity"),
            Map.entry("messageTemplate", "ruleForm:messageTemplate"));

    @EJB
    AlertRuleService rules;

    @Inject
    ServiceErrors errors;

    private transient List<AlertRuleView> list;
    private transient List<AlertEngine.PreviewHit> preview;

    private Long editedId;
    private Long version;
    private String name;
    private RuleKind kind = RuleKind.DEVICE_DOWN;
    private ScopeType scopeType = ScopeType.ALL;
    private String scopeValue;
    private String expression;
    private Double threshold;
    private String snmpItem;
    private Integer windowSeconds;
    private Integer forSeconds = 0;
    private Severity severity = Severity.MAJOR;
    private String messageTemplate;
    private boolean enabled = true;

    public List<AlertRuleView> getRules() {
        if (list == null) {
            list = rules.list();
        }
        return list;
    }

    public void startCreate() {
        editedId = null;
        version = null;
        name = null;
        kind = RuleKind.DEVICE_DOWN;
        scopeType = ScopeType.ALL;
        scopeValue = expression = snmpItem = messageTemplate = null;
        threshold = null;
        windowSeconds = null;
        forSeconds = 0;
        severity = Severity.MAJOR;
        enabled = true;
        preview = null;
    }

    public void startEdit(AlertRuleView r) {
        editedId = r.id();
        version = r.version();
        name = r.name();
        kind = r.kind();
        scopeType = r.scopeType();
        scopeValue = r.scopeValue();
        expression = r.expression();
        threshold = r.threshold();
        snmpItem = r.snmpItem();
        windowSeconds = r.windowSeconds();
        forSeconds = r.forSeconds();
        severity = r.severity();
        messageTemplate = r.messageTemplate();
        enabled = r.enabled();
        preview = null;
    }

    private AlertRuleDraft draft() {
        return new AlertRuleDraft(name, kind, scopeType, scopeValue, expression, threshold, snmpItem, windowSeconds, forSeconds,
                severity, messageTemplate, enabled, version);
    }

    public void save() {
        errors.attempt(INPUTS, () -> {
            AlertRuleView saved = editedId == null ? rules.create(draft()) : rules.update(editedId, draft());
            list = null;
            return "Rule '" + saved.name() + "' " + (editedId == null ? "created." : "saved.");
        });
    }

    public void runPreview() {
        preview = null;
        errors.attempt(INPUTS, () -> {
            preview = rules.preview(draft());
            return null;
        });
    }

    public void delete(AlertRuleView r) {
        errors.attempt(Map.of(), () -> {
            rules.delete(r.id());
            list = null;
            return "Rule '" + r.name() + "' deleted.";
        });
    }

    public RuleKind[] getKinds() { return RuleKind.values(); }
    public ScopeType[] getScopeTypes() { return ScopeType.values(); }
    public Severity[] getSeverities() { return Severity.values(); }
    public List<AlertEngine.PreviewHit> getPreview() { return preview; }
    public boolean isCreating() { return editedId == null; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public RuleKind getKind() { return kind; }
    public void setKind(RuleKind kind) { this.kind = kind; }
    public ScopeType getScopeType() { return scopeType; }
    public void setScopeType(ScopeType scopeType) { this.scopeType = scopeType; }
    public String getScopeValue() { return scopeValue; }
    public void setScopeValue(String scopeValue) { this.scopeValue = scopeValue; }
    public String getExpression() { return expression; }
    public void setExpression(String expression) { this.expression = expression; }
    public Double getThreshold() { return threshold; }
    public void setThreshold(Double threshold) { this.threshold = threshold; }
    public String getSnmpItem() { return snmpItem; }
    public void setSnmpItem(String snmpItem) { this.snmpItem = snmpItem; }
    public Integer getWindowSeconds() { return windowSeconds; }
    public void setWindowSeconds(Integer windowSeconds) { this.windowSeconds = windowSeconds; }
    public Integer getForSeconds() { return forSeconds; }
    public void setForSeconds(Integer forSeconds) { this.forSeconds = forSeconds; }
    public Severity getSeverity() { return severity; }
    public void setSeverity(Severity severity) { this.severity = severity; }
    public String getMessageTemplate() { return messageTemplate; }
    public void setMessageTemplate(String messageTemplate) { this.messageTemplate = messageTemplate; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
}
