package ge.wardops.alerting;

import ge.wardops.audit.AuditedChanges;
import ge.wardops.security.Permissions;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException.FieldError;
import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
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

    static final AuditedChanges.Kind<AlertRule, AlertRuleView> RULES = AuditedChanges.Kind
            .of(AlertRule.class, "alert rule", "alert_rule", AlertRule::getId, AlertRule::view)
            .announcing(new AlertConfigChanged(AlertConfigChanged.What.RULES));

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    Permissions permissions;

    @Inject
    AuditedChanges changes;

    @Inject
    AlertEngine engine;

    @Resource
    SessionContext session;

    public List<AlertRuleView> list() {
        return em.createQuery("select r from AlertRule r order by r.name", AlertRule.class).getResultList().stream()
                .map(AlertRule::view).toList();
    }

    public AlertRuleView get(long id) {
        return changes.find(RULES, id).view();
    }

    /** Whether a rule with {@code id} exists, for the notification routes that name one. */
    public boolean exists(long id) {
        return em.find(AlertRule.class, id) != null;
    }

    public AlertRuleView create(AlertRuleDraft draft) {
        permissions.require(session, Permissions.RULES_EDIT);
        validate(draft, null);
        return changes.create(RULES, new AlertRule(draft, session.getCallerPrincipal().getName()));
    }

    public AlertRuleView update(long id, AlertRuleDraft draft) {
        permissions.require(session, Permissions.RULES_EDIT);
        AlertRule rule = changes.find(RULES, id);
        validate(draft, id);
        return changes.update(RULES, rule, draft.version(), r -> r.change(draft));
    }

    public void delete(long id) {
        permissions.require(session, Permissions.RULES_EDIT);
        AlertRule rule = changes.find(RULES, id);
        long alerts = ((Number) em.createNativeQuery("SELECT count(*) FROM alerts WHERE rule_id = ?1").setParameter(1, id)
                .getSingleResult()).longValue();
        if (alerts > 0) {
            throw new ConflictException("id", "the rule has " + alerts + " alerts in its history; disable it instead of deleting it");
        }
        changes.delete(RULES, rule);
    }

    /** The subjects a draft would fire for right now; validates like a save, writes nothing. */
    public List<AlertEngine.PreviewHit> preview(AlertRuleDraft draft) {
        validate(draft, null);
        return engine.preview(new AlertRule(draft, null).view());
    }

    private void validate(AlertRuleDraft draft, Long id) {
        if (draft == null) {
            throw new InvalidInputException("body", "a rule as JSON");
        }
        List<FieldError> errors = new ArrayList<>(RuleValidation.check(draft));
        if (errors.isEmpty()) {
            errors.addAll(ScopeTargets.check(em, draft.scopeType(), draft.scopeValue(), "scope"));
            if (!em.createQuery("select r.id from AlertRule r where lower(r.name) = lower(:name) and r.id <> :id", Long.class)
                    .setParameter("name", draft.name().strip()).setParameter("id", id == null ? -1L : id).getResultList().isEmpty()) {
                throw new ConflictException("name", "a rule named '" + draft.name().strip() + "' exists already");
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }
}
