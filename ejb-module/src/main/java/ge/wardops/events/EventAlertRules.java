package ge.wardops.events;

import ge.wardops.alerting.AlertEngine;
import ge.wardops.alerting.ExternalCondition;
import ge.wardops.alerting.Severity;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Events that raise alerts, handed to the alert engine as {@link ExternalCondition}s (so they get
 * the lifecycle, routing, maintenance and parent suppression of every alert). Only events of
 * inventory devices count; unknown sources are listed, never alerted on. The rules are the
 * {@code event_rules} an administrator edits ({@link EventRuleService}; seeded with linkDown/linkUp,
 * coldStart, warmStart and authenticationFailure), read again after a change on this node and at
 * least every {@link #RELOAD_SECONDS} for changes made through other nodes; plus the one syslog
 * pattern of the settings ({@code wardops.events.syslog-alert-pattern}), kept for deployments that
 * set it. The same condition again while its alert is open counts up on that alert.
 */
@ApplicationScoped
public class EventAlertRules {

    private static final Logger LOG = Logger.getLogger(EventAlertRules.class.getName());
    static final int RELOAD_SECONDS = 60;

    @Inject
    AlertEngine engine;

    @EJB
    EventRuleService rules;

    private Pattern syslogPattern;
    private Severity syslogSeverity;
    private volatile List<EventRuleMatch> matches;
    private volatile String fingerprint;
    private volatile long loadedNanos;
    private final AtomicLong timedOut = new AtomicLong();

    @PostConstruct
    void start() {
        // Invalid settings (the pipeline logs them and reports them in the health check) leave no settings-defined syslog alerting.
        EventSettings settings = EventSettings.load(ConfigProvider.getConfig()).settings();
        syslogPattern = settings.syslogAlertPattern().isEmpty() ? null : Pattern.compile(settings.syslogAlertPattern());
        syslogSeverity = settings.syslogAlertSeverity();
    }

    /** A rule changed on this node: read them again before the next event. */
    void onRulesChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) EventRulesChanged changed) {
        matches = null;
    }

    void onStored(@Observes EventsStored batch) {
        List<EventRuleMatch> current = current();
        for (StoredEvent e : batch.events()) {
            if (e.deviceId() == null) {
                continue;
            }
            try {
                apply(e, current);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "Event " + e.id() + " could not be turned into an alert; the event is stored", ex);
            }
        }
    }

    /** How many matches ran out of time (a pathological pattern) since start. */
    public long timedOutMatches() {
        return timedOut.get();
    }

    private List<EventRuleMatch> current() {
        List<EventRuleMatch> now = matches;
        if (now != null && System.nanoTime() - loadedNanos < TimeUnit.SECONDS.toNanos(RELOAD_SECONDS)) {
            return now;
        }
        try {
            String seen = rules.fingerprint();
            if (now == null || !seen.equals(fingerprint)) {
                now = rules.enabled().stream().map(EventRuleMatch::new).toList();
                matches = now;
                fingerprint = seen;
            }
            loadedNanos = System.nanoTime();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The event rules could not be read; using those read before", e);
            if (now == null) {
                now = List.of();
            }
        }
        return now;
    }

    private void apply(StoredEvent e, List<EventRuleMatch> current) {
        for (EventRuleMatch m : current) {
            try {
                if (m.clears(e)) {
                    engine.clearExternal(m.subjectKey(e), e.name() + " received (event rule \"" + m.rule().name() + "\")", e.receivedAt());
                }
                if (m.raises(e)) {
                    engine.raiseExternal(m.condition(e));
                }
            } catch (BoundedRegex.TimedOut t) {
                if (timedOut.incrementAndGet() % 1000 == 1) {
                    LOG.warning("Event rule " + m.rule().id() + " (" + m.rule().name() + "): its message pattern ran out of time ("
                            + BoundedRegex.BUDGET_NANOS / 1_000_000 + " ms) on event " + e.id() + "; counted as no match ("
                            + timedOut.get() + " so far); simplify the pattern");
                }
            }
        }
        if (e.kind() == EventKind.SYSLOG && syslogPattern != null && syslogPattern.matcher(e.message()).find()) {
            String device = e.deviceName() == null ? e.source() : e.deviceName();
            engine.raiseExternal(new ExternalCondition("syslog:device:" + e.deviceId(), e.deviceId(), device, syslogSeverity,
                    device + ": " + e.message(), e.receivedAt()));
        }
    }

    /** The value of a varbind by its object name, whatever its instance suffix ({@code ifIndex.3}). */
    static String field(Map<String, String> fields, String object) {
        String exact = fields.get(object);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> f : fields.entrySet()) {
            if (f.getKey().startsWith(object + ".")) {
                return f.getValue();
            }
        }
        return null;
    }
}
