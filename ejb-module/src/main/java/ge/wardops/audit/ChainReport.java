package ge.wardops.audit;

import java.time.Instant;

/**
 * The outcome of checking the audit log's hash chain: intact, or the first row (by id) whose
 * stored hash or link to the row before no longer matches, i.e. where tampering begins.
 */
public record ChainReport(boolean intact, long rowsChecked, Long firstBrokenId, Instant checkedAt) {
}
