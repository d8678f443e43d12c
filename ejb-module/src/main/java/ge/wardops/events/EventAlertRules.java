package ge.wardops.events;

import ge.wardops.alerting.AlertEngine;
import ge.wardops.alerting.ExternalCondition;
import ge.wardops.alerting.Severity;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Events that raise alerts, handed to the alert engine as {@link ExternalCondition}s (so they get
 * the lifecycle, routing, maintenance and parent suppression of every alert). Only events of
 * inventory devices count; unknown sources are listed, never alerted on. Built in:
 * <ul>
 * <li>linkDown: MAJOR alert on that interface ({@code ifIndex}), resolved by the linkUp of the same
 *     interface; the same linkDown again while open changes nothing;</li>
 * <li>coldStart / warmStart: WARNING "restarted" per device, closed by an operator;</li>
 * <li>authenticationFailure: WARNING per device, closed by an operator;</li>
 * <li>syslog: a message matching {@code wardops.events.syslog-alert-pattern} raises one alert per
 *     device at {@code syslog-alert-severity}.</li>
 * </ul>
 */
@ApplicationScoped
public class EventAlertRules {

    private static final Logger LOG = Logger.getLogger(EventAlertRules.class.getName());

    @Inject
    AlertEngine engine;

    private Pattern syslogPattern;
    private Severity syslogSeverity;

    @PostConstruct
    void start() {
        // Invalid settings (the pipeline logs them and reports them in the health check) leave no syslog alerting.
        EventSettings settings = EventSettings.load(ConfigProvider.getConfig()).settings();
        syslogPattern = settings.syslogAlertPattern().isEmpty() ? null : Pattern.compile(settings.syslogAlertPattern());
        syslogSeverity = settings.syslogAlertSeverity();
    }

    void onStored(@Observes EventsStored batch) {
        for (StoredEvent e : batch.events()) {
            if (e.deviceId() == null) {
                continue;
            }
            try {
                apply(e);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "Event " + e.id() + " could not be turned into an alert; the event is stored", ex);
            }
        }
    }

    private void apply(StoredEvent e) {
        String device = e.deviceName() == null ? e.source() : e.deviceName();
        if (e.kind() == EventKind.TRAP) {
            switch (e.name()) {
                case "linkDown" -> {
                    String ifIndex = field(e.fields(), "ifIndex");
                    String ifName = ifName(e.fields());
                    engine.raiseExternal(new ExternalCondition(interfaceSubject(e.deviceId(), ifIndex), e.deviceId(),
                            device + " interface " + (ifIndex == null ? "?" : ifIndex) + (ifName == null ? "" : " (" + ifName + ")"),
                            Severity.MAJOR, "Interface " + (ifName == null ? ifIndex : ifName) + " down on " + device + " (linkDown trap)",
                            e.receivedAt()));
                }
                case "linkUp" -> engine.clearExternal(interfaceSubject(e.deviceId(), field(e.fields(), "ifIndex")),
                        "linkUp trap received", e.receivedAt());
                case "coldStart", "warmStart" -> engine.raiseExternal(new ExternalCondition("trap:device:" + e.deviceId() + ":restart",
                        e.deviceId(), device, Severity.WARNING, device + " restarted (" + e.name() + " trap)", e.receivedAt()));
                case "authenticationFailure" -> engine.raiseExternal(new ExternalCondition("trap:device:" + e.deviceId() + ":authfail",
                        e.deviceId(), device, Severity.WARNING, device + " refused an SNMP request with a wrong community or user"
                        + " (authenticationFailure trap)", e.receivedAt()));
                default -> {
                    // Other traps are listed only.
                }
            }
        } else if (e.kind() == EventKind.SYSLOG && syslogPattern != null && syslogPattern.matcher(e.message()).find()) {
            engine.raiseExternal(new ExternalCondition("syslog:device:" + e.deviceId(), e.deviceId(), device, syslogSeverity,
                    device + ": " + e.message(), e.receivedAt()));
        }
    }

    static String interfaceSubject(long deviceId, String ifIndex) {
        return ExternalCondition.key("trap:device:" + deviceId + ":ifIndex:" + (ifIndex == null ? "?" : ifIndex));
    }

    /** The value of a varbind by its object name, whatever its instance suffix ({@code ifIndex.3}). */
    static String field(Map<String, String> fields, String object) {
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getKey().equals(object) || f.getKey().startsWith(object + ".")) {
                return f.getValue();
            }
        }
        return null;
    }

    private static String ifName(Map<String, String> fields) {
        String name = field(fields, "ifName");
        return name != null ? name : field(fields, "ifDescr");
    }
}
