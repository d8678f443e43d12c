package ge.wardops.health;

import ge.wardops.metrics.SampleArchive;
import ge.wardops.notify.Notifications;
import ge.wardops.probe.AvailabilityRounds;
import ge.wardops.probe.ProbeRoundSummary;
import ge.wardops.probe.ProbingStatus;
import ge.wardops.probe.RoundHealth;
import ge.wardops.probe.SnmpCollectionRounds;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The verdicts of every check, computed when asked (a few milliseconds: one pooled connection's
 * validity, one GET of VictoriaMetrics' /health with a 2 s timeout, the rest from memory).
 * Readiness: can this node do its job now (database, VictoriaMetrics, probing, SNMP collection, audit
 * chain). Liveness: is it stuck in a way a restart would cure (the probe timer stopped firing, the
 * notification queue full); a missing fping or a long round is not one of those.
 * The verdicts' data go to anonymous callers (load balancers): a DOWN check says a short generic
 * reason there; the raw error (PostgreSQL's message, VictoriaMetrics' URL, fping's path and output)
 * is the verdict's {@code detail}, logged here once each time it changes.
 */
@ApplicationScoped
public class SystemHealth {

    public static final String DATABASE = "database";
    public static final String VICTORIA_METRICS = "victoriametrics";
    public static final String AVAILABILITY = "availability-rounds";
    public static final String PROBE_TIMER = "probe-timer";
    public static final String SNMP = "snmp-collector";
    public static final String NOTIFICATIONS = "notification-queue";
    public static final String AUDIT_CHAIN = "audit-chain";
    public static final String EVENT_RECEIVERS = "event-receivers";

    private static final Duration VM_TIMEOUT = Duration.ofSeconds(2);
    private static final Logger LOG = Logger.getLogger(SystemHealth.class.getName());

    /** The detail last logged per check, so that a poll every few seconds does not repeat it. */
    private final Map<String, String> logged = new ConcurrentHashMap<>();

    @Resource(lookup = "jdbc/wardops")
    DataSource db;

    @EJB
    AvailabilityRounds availability;

    @EJB
    SnmpCollectionRounds snmp;

    @EJB
    SampleArchive archive;

    @Inject
    Notifications notifications;

    @Inject
    MetricRegistry metrics;

    @jakarta.ejb.EJB
    ge.wardops.events.EventPipeline events;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(VM_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1).build();

    /** Every verdict, readiness first, each once. */
    public List<HealthVerdict> all() {
        Instant now = Instant.now();
        return List.of(database(), victoriaMetrics(now), availabilityRounds(now), probeTimer(now), snmpCollector(now), auditChain(),
                eventReceivers(), notificationQueue());
    }

    public HealthVerdict database() {
        Map<String, Object> data = new LinkedHashMap<>();
        try (Connection c = db.getConnection()) {
            if (c.isValid(2)) {
                return new HealthVerdict(DATABASE, true, data);
            }
            data.put("reason", "the connection from the pool is not valid");
            return verdict(DATABASE, false, data, null);
        } catch (SQLException e) {
            data.put("reason", "database unreachable");
            return verdict(DATABASE, false, data, "PostgreSQL does not answer: " + e.getMessage());
        }
    }

    public HealthVerdict victoriaMetrics(Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("spooledSamples", archive.pendingSamples());
        archive.spooledSince().ifPresent(since -> {
            data.put("spooledSince", since.toString());
            data.put("spoolAgeSeconds", Duration.between(since, now).toSeconds());
        });
        String problem = null;
        String reason = null;
        // the insert and the select side (one server, or vminsert and vmselect of a cluster): each
        // VictoriaMetrics component answers /health at the root of its port, whatever the prefix
        for (URI url : new LinkedHashSet<>(List.of(archive.url().resolve("/health"), archive.selectUrl().resolve("/health")))) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(url).timeout(VM_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() != 200) {
                    problem = "VictoriaMetrics at " + url + " answers with " + answer.statusCode();
                    reason = "VictoriaMetrics answers its health check with HTTP " + answer.statusCode();
                }
            } catch (IOException e) {
                problem = "VictoriaMetrics at " + url + " does not answer (" + e + ")";
                reason = "VictoriaMetrics does not answer";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problem = "interrupted while asking VictoriaMetrics";
                reason = problem;
            }
            if (problem != null) {
                break;
            }
        }
        if (problem != null) {
            data.put("reason", reason + "; samples wait in the spool and are replayed when it is back");
        }
        return verdict(VICTORIA_METRICS, problem == null, data, problem);
    }

    public HealthVerdict availabilityRounds(Instant now) {
        ProbingStatus s = availability.status();
        Map<String, Object> data = rounds(s.rounds(), now);
        data.put("enabled", s.enabled());
        data.put("intervalSeconds", s.interval().toSeconds());
        ProbeRoundSummary last = s.lastRound();
        if (last != null) {
            data.put("lastRoundDevices", last.devices());
            data.put("lastRoundUp", last.up());
            data.put("lastRoundDown", last.down());
            data.put("lastRoundUnknown", last.unknown());
            data.put("lastRoundMillis", last.millis());
        }
        boolean failing = s.failing(now);
        if (failing) {
            data.put("reason", generic(s, now, "the availability rounds fail"));
        }
        return verdict(AVAILABILITY, !failing, data, s.rounds().lastError());
    }

    /**
     * The availability timer still fires (a round failing, or still running so that ticks are skipped, is
     * not a stuck timer: a long round in a big outage must not get the server restarted; a hung round is
     * readiness' concern): DOWN when the timer has not ticked for that many intervals plus one.
     */
    public HealthVerdict probeTimer(Instant now) {
        ProbingStatus s = availability.status();
        Instant since = s.rounds().lastTickAt() != null ? s.rounds().lastTickAt() : s.rounds().startedAt();
        Map<String, Object> data = new LinkedHashMap<>();
        if (s.rounds().lastAttemptAt() != null) {
            data.put("lastRoundStartedAt", s.rounds().lastAttemptAt().toString());
        }
        if (s.rounds().lastTickAt() != null) {
            data.put("lastTickAt", s.rounds().lastTickAt().toString());
        }
        long age = Duration.between(since, now).toSeconds();
        data.put("secondsSinceLastTick", age);
        boolean stalled = s.enabled() && Duration.between(since, now).compareTo(s.interval().multipliedBy(s.failedRoundsAlert() + 1L)) > 0;
        if (stalled) {
            data.put("reason", "the probe timer has not fired for " + age + " s: it is stuck");
        }
        return new HealthVerdict(PROBE_TIMER, !stalled, data);
    }

    public HealthVerdict snmpCollector(Instant now) {
        RoundHealth r = snmp.health();
        Map<String, Object> data = rounds(r, now);
        data.put("enabled", snmp.enabled());
        data.put("intervalSeconds", snmp.interval().toSeconds());
        ProbingStatus judged = new ProbingStatus(snmp.enabled(), snmp.interval(), availability.status().failedRoundsAlert(), r, null);
        boolean failing = judged.failing(now);
        if (failing) {
            data.put("reason", generic(judged, now, "the SNMP collection rounds fail"));
        }
        return verdict(SNMP, !failing, data, r.lastError());
    }

    public HealthVerdict notificationQueue() {
        Notifications.QueueState q = notifications.queue();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("waiting", q.waiting());
        data.put("capacity", q.capacity());
        data.put("droppedSinceStart", q.dropped());
        boolean full = q.waiting() >= q.capacity();
        if (full) {
            data.put("reason", "the notification queue is full: new notifications are dropped");
        }
        return new HealthVerdict(NOTIFICATIONS, !full, data);
    }

    /**
     * DOWN when the wardops.events.* settings are invalid and so both receivers are off (the rest of
     * the application runs). A receiver that is merely disabled, or whose port another instance on the
     * same host holds, is not a fault of this node: UP, with whether each one listens.
     */
    public HealthVerdict eventReceivers() {
        Map<String, Object> data = new LinkedHashMap<>();
        String problem = events.configProblem();
        ge.wardops.events.EventReceiverStatus status = events.status();
        data.put("trapListening", status.trapListening());
        data.put("syslogListening", status.syslogListening());
        if (problem != null) {
            data.put("reason", "the wardops.events settings are invalid; the trap and syslog receivers are off");
        }
        return verdict(EVENT_RECEIVERS, problem == null, data, problem == null ? null : "invalid wardops.events settings: " + problem);
    }

    /** From the audit chain watch's gauge: 1 intact, 0 broken, -1 not checked yet. */
    public HealthVerdict auditChain() {
        Map<String, Object> data = new LinkedHashMap<>();
        Gauge<?> gauge = metrics.getGauge(new MetricID("wardops_audit_chain_intact"));
        Number value = gauge == null ? null : (Number) gauge.getValue();
        boolean broken = value != null && value.intValue() == 0;
        data.put("checked", value != null && value.intValue() >= 0);
        if (broken) {
            data.put("reason", "the audit log's hash chain is broken (see the system alert system:audit-chain)");
        }
        return new HealthVerdict(AUDIT_CHAIN, !broken, data);
    }

    private static Map<String, Object> rounds(RoundHealth r, Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        if (r.lastSuccessAt() != null) {
            data.put("lastSuccessAt", r.lastSuccessAt().toString());
            data.put("lastSuccessAgeSeconds", Duration.between(r.lastSuccessAt(), now).toSeconds());
        }
        data.put("consecutiveFailures", r.consecutiveFailures());
        if (r.lastFailureAt() != null) {
            data.put("lastFailureAt", r.lastFailureAt().toString());
        }
        return data;
    }

    /**
     * The reason anyone may read: the last error's gist without its paths and output ("cannot run
     * fping"), or the stalled rounds' age; the error itself is the verdict's detail.
     */
    private static String generic(ProbingStatus s, Instant now, String failed) {
        String error = s.rounds().lastError();
        if (s.rounds().consecutiveFailures() > 0 && error != null) {
            if (error.startsWith("cannot run fping")) {
                return "cannot run fping";
            }
            return error.contains("fping") ? "fping fails" : failed;
        }
        return s.reason(now); // "no availability round has completed for N s": numbers only
    }

    /** The verdict; when DOWN with a detail not logged yet, the detail goes to the server log (WARNING). */
    private HealthVerdict verdict(String name, boolean up, Map<String, Object> data, String detail) {
        if (!up && detail != null) {
            if (!detail.equals(logged.put(name, detail))) {
                LOG.warning(() -> "health check " + name + " is DOWN: " + detail);
            }
        } else if (up) {
            logged.remove(name);
        }
        return new HealthVerdict(name, up, data, detail);
    }
}
