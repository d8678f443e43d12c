package ge.wardops.audit;

/**
 * A row was appended to the audit log. Fired inside the appending transaction; observers that send
 * it elsewhere observe it {@code during = AFTER_SUCCESS}, so a row that rolled back is never sent.
 */
public record AuditAppended(AuditRecord row) {
}
