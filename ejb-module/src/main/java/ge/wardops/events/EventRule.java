package ge.wardops.events;

import ge.wardops.alerting.Severity;
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

/** Which traps or syslog messages raise an alert, about what, and which trap resolves it (validated by EventRuleService). */
@Entity
@Table(name = "event_rules")
public class EventRule extends TrackedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(nullable = false)
    private boolean enabled = true;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private EventKind kind;

    @Column(length = 200)
    private String trap;

    @Column(name = "syslog_severity", length = 10)
    private String syslogSeverity;

    @Column(length = 10)
    private String facility;

    @Column(length = 64)
    private String program;

    @Column(name = "message_pattern", length = 300)
    private String messagePattern;

    @Column(name = "region_id")
    private Long regionId;

    @Column(name = "device_id")
    private Long deviceId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 10)
    private Severity severity;

    @Column(nullable = false, length = 40)
    private String subject;

    @Column(name = "subject_field", length = 64)
    private String subjectField;

    @Column(name = "cleared_by", length = 200)
    private String clearedBy;

    @Column(name = "created_by", nullable = false, length = 100, updatable = false)
    private String createdBy;

    protected EventRule() {
    }

    EventRule(EventRuleDraft draft, String createdBy) {
        this.createdBy = createdBy;
        apply(draft);
    }

    void change(EventRuleDraft draft) {
        apply(draft);
        touch();
    }

    void enable(boolean on) {
        enabled = on;
        touch();
    }

    private void apply(EventRuleDraft d) {
        name = d.name().strip();
        enabled = d.enabled() == null || d.enabled();
        kind = EventKind.valueOf(d.kind().strip().toUpperCase(Locale.ROOT));
        trap = blankToNull(d.trap());
        syslogSeverity = blankToNull(d.syslogSeverity());
        facility = blankToNull(d.facility());
        program = blankToNull(d.program());
        messagePattern = d.messagePattern() == null || d.messagePattern().isEmpty() ? null : d.messagePattern();
        regionId = d.regionId();
        deviceId = d.deviceId();
        severity = Severity.valueOf(d.severity().strip().toUpperCase(Locale.ROOT));
        subject = d.subject() == null || d.subject().isBlank() ? slug(name) : d.subject().strip();
        subjectField = blankToNull(d.subjectField());
        clearedBy = blankToNull(d.clearedBy());
    }

    /** A subject from the rule's name when none is given: "Fan failed!" becomes "fan-failed". */
    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        s = s.isEmpty() ? "rule" : s;
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    EventRuleView view() {
        return new EventRuleView(id, name, enabled, kind, trap, syslogSeverity, facility, program, messagePattern, regionId, deviceId,
                severity, subject, subjectField, clearedBy, createdBy, getCreatedAt(), getUpdatedAt(), getVersion());
    }
}
