package ge.wardops.events;

import ge.wardops.security.RegionScope;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.net.InetAddress;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The pipeline's database work, each call a transaction of its own that has committed when it
 * returns: {@link EventStore}'s statements on the persistence context's pooled connection. Called
 * by the pipeline's own thread only, never by a receiver thread.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class EventWriter {

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    public List<StoredEvent> store(List<ReceivedEvent> batch, Map<InetAddress, EventStore.DeviceRef> addresses) {
        return em.unwrap(Session.class).doReturningWork(c -> EventStore.insert(c, batch, addresses));
    }

    public Map<InetAddress, EventStore.DeviceRef> addresses() {
        return em.unwrap(Session.class).doReturningWork(EventStore::addresses);
    }

    /** The next days' partitions, in a transaction of its own; answers how many were new. */
    public int preparePartitions(LocalDate today, int aheadDays) {
        return em.unwrap(Session.class).doReturningWork(c -> EventStore.preparePartitions(c, today, aheadDays));
    }

    /**
     * Retention, in a transaction of its own (so a failure preparing partitions never stops it, nor
     * the other way round); answers how many day partitions were dropped.
     */
    public int dropExpired(LocalDate today, int retentionDays) {
        return em.unwrap(Session.class).doReturningWork(c -> EventStore.dropExpired(c, today, retentionDays));
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<StoredEvent> list(EventFilter filter, RegionScope scope) {
        return em.unwrap(Session.class).doReturningWork(c -> EventStore.list(c, filter, scope));
    }
}
