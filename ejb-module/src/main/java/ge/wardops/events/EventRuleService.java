package ge.wardops.events;

import ge.wardops.audit.AuditedChanges;
import ge.wardops.inventory.Device;
import ge.wardops.inventory.Region;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.InvalidInputException.FieldError;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Event rules: listed by administrators and operators, created, changed (disabled) and deleted by
 * administrators; every change validated (all field errors at once, a regular expression that does
 * not compile named with its position) and audited. {@link EventAlertRules} reloads after a change.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class EventRuleService {

    static final AuditedChanges.Kind<EventRule, EventRuleView> RULES = AuditedChanges.Kind
            .of(EventRule.class, "event rule", "event_rule", EventRule::getId, EventRule::view)
            .announcing(new EventRulesChanged());

    private static final Pattern TRAP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9:._-]{0,199}");
    private static final Pattern SUBJECT = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    AuditedChanges changes;

    @Resource
    SessionContext session;

    public List<EventRuleView> list() {
        return em.createQuery("select r from EventRule r order by r.name", EventRule.class).getResultList().stream()
                .map(EventRule::view).toList();
    }

    /** The keywords a rule's {@code syslogSeverity} takes, from the worst to the mildest (this or worse). */
    public List<String> syslogSeverities() {
        return List.of(SyslogParser.SEVERITIES);
    }

    /** The keywords a rule's {@code facility} takes, in code order. */
    public List<String> syslogFacilities() {
        return List.of(SyslogParser.FACILITIES);
    }

    public EventRuleView get(long id) {
        return changes.find(RULES, id).view();
    }

    /** The rules that raise and clear alerts now, for the event pipeline's thread (which has no caller). */
    @PermitAll
    public List<EventRuleView> enabled() {
        return em.createQuery("select r from EventRule r where r.enabled = true order by r.id", EventRule.class).getResultList().stream()
                .map(EventRule::view).toList();
    }

    /** A fingerprint of the table (count and latest change), to notice a change made through another node. */
    @PermitAll
    public String fingerprint() {
        long count = em.createQuery("select count(r) from EventRule r", Long.class).getSingleResult();
        Object latest = em.createQuery("select max(r.updatedAt) from EventRule r", java.time.Instant.class).getSingleResult();
        Long maxId = em.createQuery("select max(r.id) from EventRule r", Long.class).getSingleResult();
        return count + ":" + maxId + ":" + latest;
    }

    @RolesAllowed(Roles.ADMIN)
    public EventRuleView create(EventRuleDraft draft) {
        validate(draft, null);
        return changes.create(RULES, new EventRule(draft, session.getCallerPrincipal().getName()));
    }

    @RolesAllowed(Roles.ADMIN)
    public EventRuleView update(long id, EventRuleDraft draft) {
        EventRule rule = changes.find(RULES, id);
        validate(draft, id);
        return changes.update(RULES, rule, draft.version(), r -> r.change(draft));
    }

    /** Enables or disables a rule (the console's switch); {@code version} is the one read. Audited like any change. */
    @RolesAllowed(Roles.ADMIN)
    public EventRuleView setEnabled(long id, boolean enabled, long version) {
        EventRule rule = changes.find(RULES, id);
        return changes.update(RULES, rule, version, r -> r.enable(enabled));
    }

    @RolesAllowed(Roles.ADMIN)
    public void delete(long id) {
        changes.delete(RULES, changes.find(RULES, id));
    }

    private void validate(EventRuleDraft d, Long id) {
        if (d == null) {
            throw new InvalidInputException("body", "an event rule is required");
        }
        List<FieldError> errors = new ArrayList<>();
        if (d.name() == null || d.name().isBlank() || d.name().strip().length() > 100) {
            errors.add(new FieldError("name", "required, at most 100 characters"));
        }
        EventKind kind = null;
        if (d.kind() == null || !List.of("TRAP", "SYSLOG").contains(d.kind().strip().toUpperCase(Locale.ROOT))) {
            errors.add(new FieldError("kind", "TRAP or SYSLOG"));
        } else {
            kind = EventKind.valueOf(d.kind().strip().toUpperCase(Locale.ROOT));
        }
        if (d.severity() == null || Arrays.stream(ge.wardops.alerting.Severity.values())
                .noneMatch(s -> s.name().equalsIgnoreCase(d.severity().strip()))) {
            errors.add(new FieldError("severity", "one of " + Arrays.toString(ge.wardops.alerting.Severity.values())));
        }
        if (kind == EventKind.TRAP) {
            if (blank(d.trap()) || !TRAP.matcher(d.trap().strip()).matches()) {
                errors.add(new FieldError("trap", "required for a TRAP rule: the trap's name (linkDown), MODULE::name or dotted OID"));
            }
            for (String[] f : new String[][]{{"syslogSeverity", d.syslogSeverity()}, {"facility", d.facility()}, {"program", d.program()}}) {
                if (!blank(f[1])) {
                    errors.add(new FieldError(f[0], "only for a SYSLOG rule"));
                }
            }
            if (!blank(d.clearedBy()) && !TRAP.matcher(d.clearedBy().strip()).matches()) {
                errors.add(new FieldError("clearedBy", "a trap's name, MODULE::name or dotted OID"));
            }
        } else if (kind == EventKind.SYSLOG) {
            if (!blank(d.trap())) {
                errors.add(new FieldError("trap", "only for a TRAP rule"));
            }
            if (!blank(d.clearedBy())) {
                errors.add(new FieldError("clearedBy", "only for a TRAP rule (a syslog alert is closed by an operator)"));
            }
            if (!blank(d.syslogSeverity()) && !Arrays.asList(SyslogParser.SEVERITIES).contains(d.syslogSeverity().strip().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError("syslogSeverity", "one of " + Arrays.toString(SyslogParser.SEVERITIES) + " (this or worse)"));
            }
            if (!blank(d.facility()) && !Arrays.asList(SyslogParser.FACILITIES).contains(d.facility().strip().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError("facility", "one of " + Arrays.toString(SyslogParser.FACILITIES)));
            }
            if (!blank(d.program()) && d.program().strip().length() > 64) {
                errors.add(new FieldError("program", "at most 64 characters"));
            }
        }
        if (d.messagePattern() != null && !d.messagePattern().isEmpty()) {
            if (d.messagePattern().length() > 300) {
                errors.add(new FieldError("messagePattern", "at most 300 characters"));
            } else {
                try {
                    Pattern.compile(d.messagePattern());
                } catch (PatternSyntaxException e) {
                    errors.add(new FieldError("messagePattern", "not a regular expression: " + e.getDescription()
                            + (e.getIndex() >= 0 ? " at index " + e.getIndex() : "")));
                }
            }
        }
        if (!blank(d.subject()) && !SUBJECT.matcher(d.subject().strip()).matches()) {
            errors.add(new FieldError("subject", "lower-case letters, digits and '-', at most 40 (default: from the name)"));
        }
        if (!blank(d.subjectField()) && !FIELD.matcher(d.subjectField().strip()).matches()) {
            errors.add(new FieldError("subjectField", "a field's name (ifIndex, hostname, sd.origin.ip): letters, digits, '.', '_', '-'"));
        }
        if (d.regionId() != null && em.find(Region.class, d.regionId()) == null) {
            errors.add(new FieldError("regionId", "no region " + d.regionId()));
        }
        if (d.deviceId() != null && em.find(Device.class, d.deviceId()) == null) {
            errors.add(new FieldError("deviceId", "no device " + d.deviceId()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        List<Long> sameName = em.createQuery("select r.id from EventRule r where lower(r.name) = lower(:n)", Long.class)
                .setParameter("n", d.name().strip()).getResultList();
        if (sameName.stream().anyMatch(other -> !other.equals(id))) {
            throw new ConflictException("name", "an event rule named " + d.name().strip() + " exists");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
