package ge.wardops.audit;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.security.Principal;
import java.time.Instant;

/**
 * Appends audit rows. A change and its audit row commit together or not at all: callers run in
 * a transaction and this joins it; the row is keyed and linked by {@link AuditRowWriter}. Each committed row is also announced as an {@link AuditAppended}
 * event (after commit), which the syslog forwarding observes.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AuditLog {

    /** The actor of work nobody logged in for (start-up, timers, the demo loader). */
    public static final String SYSTEM = "system";

    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Resource
    SessionContext session;

    @Inject
    Instance<RequestOrigin> origin;

    @Inject
    Event<AuditAppended> appended;

    @Inject
    AuditKeys keys;

    /** Records {@code entry} as done by the caller. */
    public void record(AuditEntry entry) {
        recordAs(actor(), entry);
    }

    /** As {@link #record(AuditEntry)}, for an actor who is not (yet) the caller: a login attempt names its user. */
    public void recordAs(String actor, AuditEntry entry) {
        append(actor, clientAddress(), entry);
    }

    /**
     * As {@link #recordAs(String, AuditEntry)}, from an address the caller names (a login checked again in
     * the background has no request to take it from); null: the request's, if there is one.
     */
    public void recordAs(String actor, String clientAddress, AuditEntry entry) {
        append(actor, clientAddress != null ? clientAddress : clientAddress(), entry);
    }

    /**
     * Records an event on its own, committed whatever becomes of the caller's transaction, for an
     * actor and address the caller names: a refused request (whose work rolls back), a session that
     * ended while nobody was calling, an export that may fail half-way.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordApart(String actor, String clientAddress, AuditAction action, String objectType, String objectId,
                            String details) {
        append(actor, clientAddress, AuditEntry.of(action, objectType, objectId).withDetails(details));
    }


    private void append(String actor, String clientAddress, AuditEntry e) {
        AuditRecord draft = new AuditRecord(null, Instant.now(), clip(actor, 100), clip(clientAddress, 64), e.action().name(),
                e.objectType(), e.objectId() == null ? null : clip(e.objectId().toString(), 64), e.regionId(),
                e.before() == null ? null : JSON.toJson(e.before()), e.after() == null ? null : JSON.toJson(e.after()),
                clip(e.details(), 2000), null, null, null);
        AuditRecord row = em.unwrap(Session.class).doReturningWork(db -> AuditRowWriter.append(db, keys.chain(), draft));
        appended.fire(new AuditAppended(row));
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private String actor() {
        Principal p = session.getCallerPrincipal();
        String name = p == null ? null : p.getName();
        return name == null || name.isBlank() || "ANONYMOUS".equalsIgnoreCase(name) ? SYSTEM : name;
    }

    private String clientAddress() {
        try {
            return origin.isResolvable() ? origin.get().clientAddress() : null;
        } catch (ContextNotActiveException noRequest) {
            return null;
        }
    }
}
