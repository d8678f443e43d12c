package ge.wardops.audit;

import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Instant;
import java.util.List;

/**
 * Checks the audit log's hash chain in the database: every row's hash must be the hash of its
 * own content (the same SQL function the insert trigger uses) and every row must name the hash
 * of the row before it. A row changed or deleted behind the triggers' back breaks one of these.
 * <p>
 * Open to the system's own watch timer; people reach it only through {@link AuditQuery#verifyChain}, which
 * needs audit.read (admins and auditors by default).
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AuditChain {

    // The first row links to the last archived row's hash when retention has archived rows away,
    // and to the zero hash otherwise; the checkpoint must also lie before the first row.
    static final String FIRST_BROKEN = """
            SELECT min(id) FROM (
                SELECT id, hash, prev_hash,
                       lag(hash) OVER (ORDER BY id) AS previous,
                       audit_event_hash(prev_hash, occurred_at, actor, client_address, action, object_type,
                                        object_id, region_id, before_state, after_state, details) AS recomputed
                FROM audit_events) chain
            LEFT JOIN (SELECT last_archived_id, last_archived_hash FROM audit_checkpoints ORDER BY id DESC LIMIT 1) cp ON true
            WHERE recomputed <> hash
               OR prev_hash <> coalesce(previous, cp.last_archived_hash, repeat('0', 64))
               OR (previous IS NULL AND cp.last_archived_id IS NOT NULL AND cp.last_archived_id >= id)
            """;

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    public ChainReport verify() {
        return verify(null, null);
    }

    /** As {@link #verify()}, also checking a row the caller saw earlier ({@code anchorId} with {@code anchorHash}). */
    public ChainReport verify(Long anchorId, String anchorHash) {
        Object[] rows = (Object[]) em.createNativeQuery("SELECT count(*), max(id), "
                + "(SELECT last_archived_id FROM audit_checkpoints ORDER BY id DESC LIMIT 1) FROM audit_events").getSingleResult();
        Number broken = (Number) em.createNativeQuery(FIRST_BROKEN).getSingleResult();
        Long archivedUpTo = rows[2] == null ? null : ((Number) rows[2]).longValue();
        String anchor = anchorId == null ? null : anchor(anchorId, anchorHash, archivedUpTo);
        boolean intact = broken == null && (anchor == null || anchor.equals("present") || anchor.equals("archived"));
        return new ChainReport(intact, ((Number) rows[0]).longValue(), broken == null ? null : broken.longValue(),
                Instant.now(), rows[1] == null ? null : ((Number) rows[1]).longValue(), archivedUpTo, anchor);
    }

    private String anchor(long id, String hash, Long archivedUpTo) {
        List<?> found = em.createNativeQuery("SELECT hash FROM audit_events WHERE id = ?1").setParameter(1, id).getResultList();
        if (!found.isEmpty()) {
            return String.valueOf(found.get(0)).trim().equalsIgnoreCase(hash) ? "present" : "changed";
        }
        return archivedUpTo != null && id <= archivedUpTo ? "archived" : "missing";
    }
}
