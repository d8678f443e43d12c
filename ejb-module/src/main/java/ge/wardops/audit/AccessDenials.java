package ge.wardops.audit;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Audits refused requests (403 from the API, console pages and feed handshakes) without letting a
 * client that hammers a forbidden URL flood the log: the first refusal of a user (or address, when
 * nobody is logged in) for one request within a minute is recorded at once as ACCESS_DENIED;
 * identical ones in that minute are only counted, and when the minute is over one
 * ACCESS_DENIED_REPEATED row says how many more there were. Nothing is dropped uncounted: the
 * metric {@code wardops_audit_denials_total} counts every refusal, and
 * {@code wardops_audit_denials_unrecorded} those that could not be written at all.
 */
@Singleton
@PermitAll
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AccessDenials {

    private static final Logger LOG = Logger.getLogger(AccessDenials.class.getName());
    /** Beyond this many distinct keys in one minute, windows are closed early rather than grow without bound. */
    private static final int MAX_KEYS = 10_000;

    /** One user's (or address's) refused request: method and path, e.g. "GET /api/v1/audit/events". */
    record Key(String actor, String clientAddress, String what, String request) {
    }

    private static final class Window {
        final long openedAt;
        final String reason;
        final AtomicLong repeats = new AtomicLong();

        Window(long openedAt, String reason) {
            this.openedAt = openedAt;
            this.reason = reason;
        }
    }

    private final Map<Key, Window> open = new ConcurrentHashMap<>();

    @EJB
    AuditLog audit;

    @Inject
    AuditSettings settings;

    @Inject
    MetricRegistry metrics;

    private Counter total;
    private Counter unrecorded;

    @PostConstruct
    void metrics() {
        total = metrics.counter("wardops_audit_denials_total");
        unrecorded = metrics.counter("wardops_audit_denials_unrecorded");
    }

    /**
     * A request was refused. {@code actor} is the user, or null when nobody is logged in;
     * {@code what} the kind of thing refused (endpoint, page, feed).
     */
    public void denied(String actor, String clientAddress, String what, String method, String path, String reason) {
        total.inc();
        String who = actor == null || actor.isBlank() ? "anonymous" : actor;
        String request = method + " " + path;
        Key key = new Key(who, clientAddress, what, request);
        long now = System.currentTimeMillis();
        boolean[] first = {false};
        open.compute(key, (k, existing) -> {
            if (existing == null || now - existing.openedAt >= settings.denialsWindowSeconds() * 1000) {
                if (existing != null) {
                    closeLater(k, existing);
                }
                first[0] = true;
                return new Window(now, reason);
            }
            existing.repeats.incrementAndGet();
            return existing;
        });
        if (first[0]) {
            write(who, clientAddress, AuditAction.ACCESS_DENIED, what, request, reason);
        }
        if (open.size() > MAX_KEYS) {
            flush(Long.MIN_VALUE);
        }
    }

    /** Every few seconds: the windows that are over say how many refusals they counted. */
    @Schedule(hour = "*", minute = "*", second = "*/5", persistent = false)
    void flushOverWindows() {
        flush(settings.denialsWindowSeconds() * 1000);
    }

    /** At shutdown the counted repeats are written too, not lost with the node's memory. */
    @PreDestroy
    void flushAll() {
        flush(Long.MIN_VALUE);
    }

    private final Map<Key, Window> closing = new ConcurrentHashMap<>();

    private void closeLater(Key key, Window w) {
        if (w.repeats.get() > 0) {
            closing.merge(key, w, (a, b) -> {
                a.repeats.addAndGet(b.repeats.get());
                return a;
            });
        }
    }

    private int flush(long olderThanMillis) {
        long now = System.currentTimeMillis();
        for (Key key : open.keySet()) {
            open.computeIfPresent(key, (k, w) -> {
                if (now - w.openedAt >= olderThanMillis) {
                    closeLater(k, w);
                    return null;
                }
                return w;
            });
        }
        int written = 0;
        for (Key key : closing.keySet()) {
            Window w = closing.remove(key);
            if (w != null && w.repeats.get() > 0) {
                write(key.actor(), key.clientAddress(), AuditAction.ACCESS_DENIED_REPEATED, key.what(), key.request(),
                        w.repeats.get() + " more identical refusals within " + settings.denialsWindowSeconds() + " s of the first; " + w.reason);
                written++;
            }
        }
        return written;
    }

    private void write(String actor, String clientAddress, AuditAction action, String what, String request, String details) {
        try {
            audit.recordApart(actor, clientAddress, action, what, request,
                    request + (details == null ? "" : " — " + details));
        } catch (RuntimeException e) {
            unrecorded.inc();
            LOG.log(Level.WARNING, "An access denial could not be audited: " + actor + " " + request, e);
        }
    }
}
