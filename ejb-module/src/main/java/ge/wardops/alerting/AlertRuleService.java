package ge.wardops.alerting;

import ge.wardops.audit.AuditLog;
import ge.wardops.security.Permissions;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException.FieldError;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.TrackedEntity;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Alert rules: create, change, delete (each validated with field errors and audited), and the
 * preview of which subjects a rule would fire for now. The engine reloads its rules after a change.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class AlertRuleService {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    Permissions permissions;

    @Inject
    AuditLog audit;

    @Inject
    AlertEngine engine;

    @Inject
    Event<AlertConfigChanged> changed;

    @Resource
    SessionContext session;

    public List<AlertRuleView> list() {
        return Jdbc.list(em, AlertRows.RULE_SELECT + "ORDER BY name", AlertRows::rule);
    }

    public AlertRuleView get(long id) {
        List<AlertRuleView> found = Jdbc.list(em, AlertRows.RULE_SELECT + "WHERE id = ?", AlertRows::rule, id);
        if (found.isEmpty()) {
            throw new UnknownEntityException("alert rule", id);
        }
        return found.get(0);
    }

    public AlertRuleView create(AlertRuleDraft draft) {
        permissions.require(session, Permissions.RULES_EDIT);
        validate(draft, null);
        long id = Jdbc.list(em, "INSERT INTO alert_rules (name, kind, scope_type, scope_value, expression, threshold, snmp_item, "
                        + "window_seconds, for_seconds, severity, message_template, enabled, created_by) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", rs -> rs.getLong(1),
                values(draft, session.getCallerPrincipal().getName())).get(0);
        AlertRuleView created = get(id);
        audit.record("CREATE", "alert_rule", id, null, null, created, null);
        changed.fire(new AlertConfigChanged(AlertConfigChanged.What.RULES));
        return created;
    }

    public AlertRuleView update(long id, AlertRuleDraft draft) {
        permissions.require(session, Permissions.RULES_EDIT);
        AlertRuleView before = get(id);
        validate(draft, id);
        TrackedEntity.requireVersionSent(draft.version());
        if (draft.version() != before.version()) {
            throw new ConflictException("version", "the rule was changed by someone else since you read it (version "
                    + before.version() + "); reload and try again");
        }
        List<Object> params = new ArrayList<>(java.util.Arrays.asList(values(draft, null)).subList(0, 12));
        params.add(id);
        params.add(before.version());
        int n = Jdbc.update(em, "UPDATE alert_rules SET name = ?, kind = ?, scope_type = ?, scope_value = ?, expression = ?, threshold = ?, "
                + "snmp_item = ?, window_seconds = ?, for_seconds = ?, severity = ?, message_template = ?, enabled = ?, "
                + "updated_at = now(), version = version + 1 WHERE id = ? AND version = ?", params.toArray());
        if (n == 0) {
            throw new ConflictException("version", "the rule was changed by someone else meanwhile; reload and try again");
        }
        AlertRuleView after = get(id);
        audit.record("UPDATE", "alert_rule", id, null, before, after, null);
        changed.fire(new AlertConfigChanged(AlertConfigChanged.What.RULES));
        return after;
    }

    public void delete(long id) {
        permissions.require(session, Permissions.RULES_EDIT);
        AlertRuleView before = get(id);
        long alerts = Jdbc.list(em, "SELECT count(*) FROM alerts WHERE rule_id = ?", rs -> rs.getLong(1), id).get(0);
        if (alerts > 0) {
            throw new ConflictException("id", "the rule has " + alerts + " alerts in its history; disable it instead of deleting it");
        }
        Jdbc.update(em, "DELETE FROM alert_rules WHERE id = ?", id);
        audit.record("DELETE", "alert_rule", id, null, before, null, null);
        changed.fire(new AlertConfigChanged(AlertConfigChanged.What.RULES));
    }

    /** The subjects a draft would fire for right now; validates like a save, writes nothing. */
    public List<AlertEngine.PreviewHit> preview(AlertRuleDraft draft) {
        validate(draft, null);
        Object[] v = values(draft, null);
        return engine.preview(new AlertRuleView(0, draft.name(), draft.kind(), draft.scopeType(), (String) v[3], (String) v[4],
                draft.threshold(), draft.snmpItem(), draft.windowSeconds(), (Integer) v[8], draft.severity(), draft.messageTemplate(),
                true, null, null, null, 0));
    }

    private Object[] values(AlertRuleDraft d, String createdBy) {
        String scopeValue = d.scopeType() == ScopeType.ALL || d.scopeValue() == null ? null : d.scopeValue().trim();
        if (d.scopeType() == ScopeType.DEVICE_TYPE && scopeValue != null) {
            scopeValue = scopeValue.toUpperCase(java.util.Locale.ROOT);
        }
        return new Object[] {d.name().strip(), d.kind().name(), d.scopeType().name(), scopeValue,
                d.kind() == RuleKind.EXPRESSION ? d.expression().strip() : null, d.threshold(),
                d.kind() == RuleKind.SNMP_RATE_ABOVE || d.kind() == RuleKind.SNMP_RATE_BELOW ? d.snmpItem() : null,
                d.windowSeconds(), d.forSeconds() == null ? 0 : d.forSeconds(), d.severity().name(),
                d.messageTemplate() == null || d.messageTemplate().isBlank() ? null : d.messageTemplate(),
                d.enabled() == null || d.enabled(), createdBy};
    }

    private void validate(AlertRuleDraft draft, Long id) {
        if (draft == null) {
            throw new InvalidInputException("body", "a rule as JSON");
        }
        List<FieldError> errors = new ArrayList<>(RuleValidation.check(draft));
        if (errors.isEmpty()) {
            errors.addAll(ScopeTargets.check(em, draft.scopeType(), draft.scopeValue(), "scope"));
            if (!Jdbc.list(em, "SELECT id FROM alert_rules WHERE lower(name) = lower(?) AND id <> ?", rs -> rs.getLong(1),
                    draft.name().strip(), id == null ? -1L : id).isEmpty()) {
                throw new ConflictException("name", "a rule named '" + draft.name().strip() + "' exists already");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
