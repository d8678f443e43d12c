package ge.wardops.audit;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;

/**
 * Checks the audit log's hash chain in the database: every row's hash must be the hash of its
 * own content (the same SQL function the insert trigger uses) and every row must name the hash
 * of the row before it. A row changed or deleted behind the triggers' back breaks one of these.
 * <p>
 * Open to the system's own watch timer; people reach it only through the audit resource, which
 * admits admins and auditors.
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AuditChain {

    private static final String FIRST_BROKEN = """
            SELECT min(id) FROM (
                SELECT id, hash, prev_hash,
                       lag(hash) OVER (ORDER BY id) AS previous,
                       audit_event_hash(prev_hash, occurred_at, actor, client_address, action, object_type,
                                        object_id, region_id, before_state, after_state, details) AS recomputed
                FROM audit_events) chain
            WHERE recomputed <> hash OR prev_hash <> coalesce(previous, repeat('0', 64))
            """;

    @PersistenceContext
    EntityManager em;

    public ChainReport verify() {
        Number rows = (Number) em.createNativeQuery("SELECT count(*) FROM audit_events").getSingleResult();
        Number broken = (Number) em.createNativeQuery(FIRST_BROKEN).getSingleResult();
        return new ChainReport(broken == null, rows.longValue(), broken == null ? null : broken.longValue(), Instant.now());
    }
}
