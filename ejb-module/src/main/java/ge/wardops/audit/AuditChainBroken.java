package ge.wardops.audit;

/** The periodic check found the audit chain broken: the CDI event the alert engine raises a system alert for. */
public record AuditChainBroken(ChainReport report) {
}
