package ge.wardops.audit;

/**
 * One audit row to append, before the log adds who, when, from where and the chain: what was done
 * to which object, in which region, the state before and after (null for a create's before or a
 * delete's after) and a line of details. Built by name, not by position:
 * {@code AuditEntry.updated("alert_rule", id, before, after).inRegion(r).withDetails("...")}.
 */
public record AuditEntry(AuditAction action, String objectType, Object objectId, Long regionId,
                         Object before, Object after, String details) {

    /** An action on an object (or on a kind of object, with {@code objectId} null) with no state to show. */
    public static AuditEntry of(AuditAction action, String objectType, Object objectId) {
        return new AuditEntry(action, objectType, objectId, null, null, null, null);
    }

    public static AuditEntry created(String objectType, Object objectId, Object after) {
        return new AuditEntry(AuditAction.CREATE, objectType, objectId, null, null, after, null);
    }

    public static AuditEntry updated(String objectType, Object objectId, Object before, Object after) {
        return new AuditEntry(AuditAction.UPDATE, objectType, objectId, null, before, after, null);
    }

    public static AuditEntry deleted(String objectType, Object objectId, Object before) {
        return new AuditEntry(AuditAction.DELETE, objectType, objectId, null, before, null, null);
    }

    public AuditEntry inRegion(Long region) {
        return new AuditEntry(action, objectType, objectId, region, before, after, details);
    }

    public AuditEntry states(Object stateBefore, Object stateAfter) {
        return new AuditEntry(action, objectType, objectId, regionId, stateBefore, stateAfter, details);
    }

    public AuditEntry withDetails(String text) {
        return new AuditEntry(action, objectType, objectId, regionId, before, after, text);
    }
}
