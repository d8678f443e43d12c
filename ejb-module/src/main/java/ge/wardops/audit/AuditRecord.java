package ge.wardops.audit;

import java.time.Instant;

/**
 * One audit row as readers see it (the API, the console, exports, syslog, archives): every column,
 * the state before and after as the JSON text that was hashed, and the row's place in the chain.
 */
public record AuditRecord(Long id, Instant occurredAt, String actor, String clientAddress, String action,
                          String objectType, String objectId, Long regionId, String before, String after,
                          String details, String prevHash, String hash) {

    /** The JPQL select list that builds this record, in constructor order. */
    static final String SELECT = "select new ge.wardops.audit.AuditRecord(e.id, e.occurredAt, e.actor, e.clientAddress, "
            + "e.action, e.objectType, e.objectId, e.regionId, e.beforeState, e.afterState, e.details, e.prevHash, e.hash) "
            + "from AuditEvent e";

    static AuditRecord of(AuditEvent e) {
        return new AuditRecord(e.getId(), e.getOccurredAt(), e.getActor(), e.getClientAddress(), e.getAction(),
                e.getObjectType(), e.getObjectId(), e.getRegionId(), e.getBeforeState(), e.getAfterState(),
                e.getDetails(), e.getPrevHash(), e.getHash());
    }
}
