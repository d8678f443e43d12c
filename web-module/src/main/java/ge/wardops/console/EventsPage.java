package ge.wardops.console;

import ge.wardops.alerting.Severity;
import ge.wardops.events.EventFilter;
import ge.wardops.events.EventKind;
import ge.wardops.events.EventQueries;
import ge.wardops.events.EventRuleDraft;
import ge.wardops.events.EventRuleService;
import ge.wardops.events.EventRuleView;
import ge.wardops.events.MibLibrary;
import ge.wardops.events.MibView;
import ge.wardops.events.StoredEvent;
import ge.wardops.security.Roles;
import jakarta.ejb.EJB;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.event.FileUploadEvent;
import org.primefaces.model.file.UploadedFile;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The events page: the newest traps and syslog messages of the caller's regions (live: the page
 * listens on /api/v1/ws/events and reads again on every delta), filtered by kind, severity, text
 * and unknown sources; the same service as {@code GET /api/v1/events}. Administrators and operators
 * also see the event rules (which events raise alerts), which administrators create, edit, switch and
 * delete here as through {@code /api/v1/events/rules}; the MIB files traps are decoded with are
 * listed to the roles that may read them, and administrators add and remove MIB files here as
 * through {@code /api/v1/events/mibs}. Every change goes through the audited services.
 */
@Named
@ViewScoped
public class EventsPage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN = 200;

    @EJB
    EventQueries events;

    @EJB
    EventRuleService eventRules;

    @EJB
    MibLibrary mibLibrary;

    @Inject
    ServiceErrors errors;

    private static final Map<String, String> RULE_INPUTS = Map.ofEntries(Map.entry("name", "ruleForm:name"),
            Map.entry("kind", "ruleForm:kind"), Map.entry("trap", "ruleForm:trap"), Map.entry("syslogSeverity", "ruleForm:syslogSeverity"),
            Map.entry("facility", "ruleForm:facility"), Map.entry("program", "ruleForm:program"),
            Map.entry("messagePattern", "ruleForm:messagePattern"), Map.entry("regionId", "ruleForm:regionId"),
            Map.entry("deviceId", "ruleForm:deviceId"), Map.entry("severity", "ruleForm:severity"), Map.entry("subject", "ruleForm:subject"),
            Map.entry("subjectField", "ruleForm:subjectField"), Map.entry("clearedBy", "ruleForm:clearedBy"));

    /** The rule in the dialog: null id while creating one. */
    private Long editedId;
    private Long ruleVersion;
    private final RuleFields rule = new RuleFields();
    private transient List<MibView> mibRows;

    private String kind;
    private String severity;
    private String text;
    private boolean unknownOnly;
    private transient List<StoredEvent> rows;
    private transient List<EventRuleView> ruleRows;

    public List<StoredEvent> getEvents() {
        if (rows == null) {
            String t = text == null || text.isBlank() ? null : text.strip();
            rows = events.list(new EventFilter(kind == null || kind.isBlank() ? null : EventKind.valueOf(kind),
                    severity == null || severity.isBlank() ? null : Severity.valueOf(severity), null, null, null,
                    t == null ? null : t.substring(0, Math.min(200, t.length())), null, null, unknownOnly, null, SHOWN));
        }
        return rows;
    }

    /** Whether the caller may read the event rules (administrators and operators). */
    public boolean isCanReadRules() {
        ExternalContext ext = FacesContext.getCurrentInstance().getExternalContext();
        return ext.isUserInRole(Roles.ADMIN) || ext.isUserInRole(Roles.OPERATOR);
    }

    /** Whether the caller may switch rules on and off here (administrators). */
    public boolean isCanEditRules() {
        return FacesContext.getCurrentInstance().getExternalContext().isUserInRole(Roles.ADMIN);
    }

    /** The rule's switch: disables an enabled rule, enables a disabled one (audited by the service). */
    public void toggle(EventRuleView r) {
        errors.attempt(Map.of(), () -> {
            EventRuleView changed = eventRules.setEnabled(r.id(), !r.enabled(), r.version());
            ruleRows = null;
            return "Rule '" + changed.name() + "' " + (changed.enabled() ? "enabled." : "disabled.");
        });
    }

    /** Opens the dialog for a new rule: a TRAP rule raising MAJOR alerts, enabled. */
    public void startCreate() {
        editedId = null;
        ruleVersion = null;
        rule.clear();
    }

    public void startEdit(EventRuleView r) {
        editedId = r.id();
        ruleVersion = r.version();
        rule.load(r);
    }

    /** Creates or saves the dialog's rule; the service validates it (each refusal shown at its field) and audits it. */
    public void saveRule() {
        errors.attempt(RULE_INPUTS, () -> {
            EventRuleDraft draft = rule.draft(ruleVersion);
            EventRuleView saved = editedId == null ? eventRules.create(draft) : eventRules.update(editedId, draft);
            ruleRows = null;
            return "Event rule '" + saved.name() + "' " + (editedId == null ? "created." : "saved.");
        });
    }

    public void deleteRule(EventRuleView r) {
        errors.attempt(Map.of(), () -> {
            eventRules.delete(r.id());
            ruleRows = null;
            return "Event rule '" + r.name() + "' deleted.";
        });
    }

    public boolean isCreatingRule() {
        return editedId == null;
    }

    public RuleFields getRule() {
        return rule;
    }

    public Severity[] getAlertSeverities() {
        return Severity.values();
    }

    public List<String> getSyslogSeverities() {
        return eventRules.syslogSeverities();
    }

    public List<String> getSyslogFacilities() {
        return eventRules.syslogFacilities();
    }

    /** Whether the caller may read the MIB list (as {@code GET /api/v1/events/mibs}: not the regional manager). */
    public boolean isCanReadMibs() {
        ExternalContext ext = FacesContext.getCurrentInstance().getExternalContext();
        return ext.isUserInRole(Roles.ADMIN) || ext.isUserInRole(Roles.OPERATOR) || ext.isUserInRole(Roles.AUDITOR)
                || ext.isUserInRole(Roles.VIEWER);
    }

    public List<MibView> getMibs() {
        if (mibRows == null) {
            // the files administrators added first (what one looks for after an upload), then the bundled ones
            mibRows = isCanReadMibs() ? errors.read(Map.of(), mibLibrary::list, List.<MibView>of()).stream()
                    .sorted(java.util.Comparator.comparing(MibView::bundled)).toList() : List.of();
        }
        return mibRows;
    }

    /**
     * An uploaded MIB file: added when it compiles with the loaded MIBs, refused with each problem
     * ("FILE line N: reason") otherwise; as {@code POST /api/v1/events/mibs}, audited.
     */
    public void uploadMib(FileUploadEvent event) {
        UploadedFile file = event.getFile();
        errors.attempt(Map.of(), () -> {
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(file.getContent())).toString();
            } catch (CharacterCodingException e) {
                throw new ge.wardops.shared.InvalidInputException("mib", "a MIB file is text (ASCII or UTF-8)");
            }
            MibView added = mibLibrary.add(file.getFileName(), text);
            mibRows = null;
            return "MIB file " + added.fileName() + " added (" + String.join(", ", added.modules())
                    + "); every node decodes traps with it within a minute.";
        });
    }

    public void deleteMib(MibView m) {
        errors.attempt(Map.of(), () -> {
            mibLibrary.delete(m.id());
            mibRows = null;
            return "MIB file " + m.fileName() + " removed.";
        });
    }

    public List<EventRuleView> getRules() {
        if (ruleRows == null) {
            ruleRows = isCanReadRules() ? eventRules.list() : List.of();
        }
        return ruleRows;
    }

    /** What a rule matches, in one line: {@code trap linkDown} or {@code syslog vpnd, err or worse, /tunnel .* down/}. */
    public String matchOf(EventRuleView r) {
        StringBuilder b = new StringBuilder(r.kind() == EventKind.TRAP ? "trap " + r.trap() : "syslog");
        if (r.program() != null) {
            b.append(' ').append(r.program());
        }
        if (r.facility() != null) {
            b.append(", facility ").append(r.facility());
        }
        if (r.syslogSeverity() != null) {
            b.append(", ").append(r.syslogSeverity()).append(" or worse");
        }
        if (r.messagePattern() != null) {
            b.append(", /").append(r.messagePattern()).append('/');
        }
        if (r.deviceId() != null) {
            b.append(", device ").append(r.deviceId());
        }
        if (r.regionId() != null) {
            b.append(", region ").append(r.regionId());
        }
        return b.toString();
    }

    /** Called by the live feed's listener and by the filters: read again. */
    public void refresh() {
        rows = null;
    }

    public String severityClass(Severity s) {
        return "severity severity-" + (s == null ? "none" : s.name().toLowerCase(java.util.Locale.ROOT));
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = severity;
    }

    public String getText() {
        return text;
    }

    public void setText(String text) {
        this.text = text;
    }

    public boolean isUnknownOnly() {
        return unknownOnly;
    }

    public void setUnknownOnly(boolean unknownOnly) {
        this.unknownOnly = unknownOnly;
    }

    /** The rule dialog's fields, kept as the administrator typed them (blank = not given). */
    public static final class RuleFields implements Serializable {

        private static final long serialVersionUID = 1L;

        private String name;
        private boolean enabled = true;
        private String kind = "TRAP";
        private String trap;
        private String syslogSeverity;
        private String facility;
        private String program;
        private String messagePattern;
        private Long regionId;
        private Long deviceId;
        private String severity = "MAJOR";
        private String subject;
        private String subjectField;
        private String clearedBy;

        void clear() {
            load(null);
        }

        void load(EventRuleView r) {
            name = r == null ? null : r.name();
            enabled = r == null || r.enabled();
            kind = r == null ? "TRAP" : r.kind().name();
            trap = r == null ? null : r.trap();
            syslogSeverity = r == null ? null : r.syslogSeverity();
            facility = r == null ? null : r.facility();
            program = r == null ? null : r.program();
            messagePattern = r == null ? null : r.messagePattern();
            regionId = r == null ? null : r.regionId();
            deviceId = r == null ? null : r.deviceId();
            severity = r == null ? "MAJOR" : r.severity().name();
            subject = r == null ? null : r.subject();
            subjectField = r == null ? null : r.subjectField();
            clearedBy = r == null ? null : r.clearedBy();
        }

        /** The draft the service validates; the fields of the other kind are left out, as the dialog hides them. */
        EventRuleDraft draft(Long version) {
            boolean isTrap = "TRAP".equals(kind);
            return new EventRuleDraft(name, enabled, kind, isTrap ? trap : null, isTrap ? null : syslogSeverity, isTrap ? null : facility,
                    isTrap ? null : program, messagePattern, regionId, deviceId, severity, subject, subjectField,
                    isTrap ? clearedBy : null, version);
        }

        public boolean isTrapKind() { return "TRAP".equals(kind); }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getKind() { return kind; }
        public void setKind(String kind) { this.kind = kind; }
        public String getTrap() { return trap; }
        public void setTrap(String trap) { this.trap = trap; }
        public String getSyslogSeverity() { return syslogSeverity; }
        public void setSyslogSeverity(String syslogSeverity) { this.syslogSeverity = syslogSeverity; }
        public String getFacility() { return facility; }
        public void setFacility(String facility) { this.facility = facility; }
        public String getProgram() { return program; }
        public void setProgram(String program) { this.program = program; }
        public String getMessagePattern() { return messagePattern; }
        public void setMessagePattern(String messagePattern) { this.messagePattern = messagePattern; }
        public Long getRegionId() { return regionId; }
        public void setRegionId(Long regionId) { this.regionId = regionId; }
        public Long getDeviceId() { return deviceId; }
        public void setDeviceId(Long deviceId) { this.deviceId = deviceId; }
        public String getSeverity() { return severity; }
        public void setSeverity(String severity) { this.severity = severity; }
        public String getSubject() { return subject; }
        public void setSubject(String subject) { this.subject = subject; }
        public String getSubjectField() { return subjectField; }
        public void setSubjectField(String subjectField) { this.subjectField = subjectField; }
        public String getClearedBy() { return clearedBy; }
        public void setClearedBy(String clearedBy) { this.clearedBy = clearedBy; }
    }
}
