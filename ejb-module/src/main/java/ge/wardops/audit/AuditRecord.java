package ge.wardops.audit;

import ge.wardops.audit.chain.ChainRow;

import java.time.Instant;

/**
 * One audit row as readers see it (the API, the console, exports, syslog, archives): every column,
 * the state before and after as JSON text, and the row's place in the chain: the hash of the row
 * before, its own keyed hash and the id of the key (null for rows from before the keyed chain).
 */
public record AuditRecord(Long id, Instant occurredAt, String actor, String clientAddress, String action,
                          String objectType, String objectId, Long regionId, String before, String after,
                          String details, String prevHash, String hash, String keyId) {

    /** The JPQL select list that builds this record, in constructor order (for the reviewers' reads, audit.review). */
    public static final String SELECT = "select new ge.wardops.audit.AuditRecord(e.id, e.occurredAt, e.actor, e.clientAddress, "
            + "e.action, e.objectType, e.objectId, e.regionId, e.beforeState, e.afterState, e.details, e.prevHash, e.hash, e.keyId) "
            + "from AuditEvent e";

    /** This row as the chain verifier reads it. */
    public ChainRow chainRow() {
        return new ChainRow(id, AuditFormats.time(occurredAt), actor, clientAddress, action, objectType, objectId, regionId,
                details, before, after, keyId, prevHash, hash);
    }
}
