package ge.wardops.audit;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.security.Principal;
import java.time.Instant;

/**
 * Appends audit rows. A change and its audit row commit together or not at all: callers run in
 * a transaction and this joins it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.MANDATORY)
public class AuditLog {

    /** The actor of work nobody logged in for (start-up, timers, the demo loader). */
    public static final String SYSTEM = "system";

    private static final Jsonb JSON = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

    @PersistenceContext
    EntityManager em;

    @Resource
    SessionContext session;

    @Inject
    Instance<RequestOrigin> origin;

    /** Records a change to {@code objectType}/{@code objectId}; before or after is null for a create or delete. */
    public void record(String action, String objectType, Object objectId, Long regionId,
                       Object before, Object after, String details) {
        recordAs(actor(), action, objectType, objectId, regionId, before, after, details);
    }

    /** As {@link #record}, for an actor who is not (yet) the caller: a login attempt names its user. */
    public void recordAs(String actor, String action, String objectType, Object objectId, Long regionId,
                         Object before, Object after, String details) {
        em.persist(new AuditEvent(Instant.now(), actor, clientAddress(), action, objectType,
                objectId == null ? null : objectId.toString(), regionId,
                before == null ? null : JSON.toJson(before), after == null ? null : JSON.toJson(after),
                details));
    }

    /** Records an event that is not a change of one object (a login, an import, an export). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void recordEvent(String action, String objectType, String details) {
        record(action, objectType, null, null, null, null, details);
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
