package ge.wardops.alerting;

import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.logging.Logger;

/**
 * The alert rules a new installation starts with, so that a demo or a first deployment tells
 * someone when a device or a whole branch goes down: created once, on the first start, as ordinary
 * rules (editable, deletable, audited as created by {@code system}). The step is remembered in
 * {@code setup_steps}; a rule an administrator deleted is never created again, and an installation
 * that had rules before V11 gets none. With {@code wardops.alerting.defaults.email} set, an e-mail
 * channel and a route of every rule (WARNING and above) to it are created along with them.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class DefaultAlertRules {

    private static final Logger LOG = Logger.getLogger(DefaultAlertRules.class.getName());
    static final String STEP = "default-alert-rules";
    static final String CHANNEL = "Default e-mail";
    static final String ROUTE = "Default route";

    /**
     * The defaults. FOR 0 on state rules: the probe's debounce (a failed round and a silent confirmation, 11 packets)
     * already stands between one lost packet and DOWN. RTT and loss wait 5 minutes: a busy link at lunchtime is not
     * a page. The branch rule is the page of a branch outage; its devices' alerts are suppressed
     * under it (Evaluator). SNMP_INTERFACE_DOWN only holds for devices polled by SNMP.
     */
    static final List<AlertRuleDraft> RULES = List.of(
            new AlertRuleDraft("Device down", RuleKind.DEVICE_DOWN, ScopeType.ALL, null, null, null, null, null, 0,
                    Severity.MAJOR, "{device} ({ip}, {branch}) is down", true, null),
            new AlertRuleDraft("Branch unreachable", RuleKind.EXPRESSION, ScopeType.ALL, null, "branch.percent(down) == 100",
                    null, null, null, 0, Severity.CRITICAL, "Branch {branch} ({region}) is unreachable: every device is down", true, null),
            new AlertRuleDraft("High round-trip time", RuleKind.RTT_ABOVE, ScopeType.ALL, null, null, 200.0, null, null, 300,
                    Severity.WARNING, "{device} ({branch}): round-trip time {rtt} above {threshold} ms for 5 minutes", true, null),
            new AlertRuleDraft("Packet loss", RuleKind.LOSS_ABOVE, ScopeType.ALL, null, null, 20.0, null, null, 300,
                    Severity.WARNING, "{device} ({branch}): packet loss {loss} above {threshold}% for 5 minutes", true, null),
            new AlertRuleDraft("Interface down", RuleKind.SNMP_INTERFACE_DOWN, ScopeType.ALL, null, null, null, null, null, 60,
                    Severity.MAJOR, "{device} ({branch}): an interface is down (SNMP ifOperStatus)", true, null));

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @EJB
    AuditLog audit;

    @Inject
    Event<AlertConfigChanged> changed;

    @Inject
    AlertingSettings settings;

    @PostConstruct
    void createOnFirstStart() {
        if (!settings.defaultRules()) {
            return;
        }
        // Claimed in this transaction: of two nodes starting at once, one creates them, the other waits and finds the step done.
        boolean first = !Jdbc.list(em, "INSERT INTO setup_steps (name) VALUES (?) ON CONFLICT (name) DO NOTHING RETURNING name",
                rs -> rs.getString(1), STEP).isEmpty();
        if (!first) {
            return;
        }
        for (AlertRuleDraft rule : RULES) {
            List<InvalidInputException.FieldError> errors = RuleValidation.check(rule);
            if (!errors.isEmpty()) {
                throw new IllegalStateException("default rule '" + rule.name() + "' is invalid: " + errors);
            }
            if (!em.createQuery("select r.id from AlertRule r where r.name = :name", Long.class).setParameter("name", rule.name())
                    .getResultList().isEmpty()) {
                continue;
            }
            AlertRule created = new AlertRule(rule, AuditLog.SYSTEM);
            em.persist(created);
            em.flush();
            audit.recordAs(AuditLog.SYSTEM, AuditEntry.created("alert_rule", created.getId(), created.view())
                    .withDetails("default rule, created at the first start"));
        }
        settings.defaultsEmail().map(String::strip).filter(s -> !s.isEmpty()).ifPresent(this::routeTo);
        changed.fire(new AlertConfigChanged(AlertConfigChanged.What.RULES));
        LOG.info(() -> "First start: created the default alert rules " + RULES.stream().map(AlertRuleDraft::name).toList()
                + settings.defaultsEmail().map(e -> "; every rule's alerts go to " + e).orElse("; no notification channel configured"));
    }

    private void routeTo(String recipients) {
        long channel = Jdbc.list(em, "INSERT INTO notification_channels (name, kind, target) VALUES (?, 'EMAIL', ?) RETURNING id",
                rs -> rs.getLong(1), CHANNEL, recipients).get(0);
        audit.recordAs(AuditLog.SYSTEM, AuditEntry.created("notification_channel", channel,
                java.util.Map.of("name", CHANNEL, "kind", "EMAIL", "target", recipients)).withDetails("from wardops.alerting.defaults.email"));
        long route = Jdbc.list(em, "INSERT INTO notification_routes (name, min_severity, channel_id) VALUES (?, 'WARNING', ?) RETURNING id",
                rs -> rs.getLong(1), ROUTE, channel).get(0);
        audit.recordAs(AuditLog.SYSTEM, AuditEntry.created("notification_route", route,
                java.util.Map.of("name", ROUTE, "minSeverity", "WARNING", "channelId", channel)).withDetails("every rule's alerts to " + CHANNEL));
    }
}
