package ge.wardops.audit;

import java.time.Instant;

/**
 * The outcome of checking the audit log's hash chain: intact, or the first row (by id) whose
 * stored hash or link to the row before no longer matches, i.e. where tampering begins.
 * {@code lastId} is the newest row checked (the chain is verified up to it when intact);
 * {@code archivedUpTo} the last row moved to an archive by retention (null if none was), from
 * whose checkpoint hash the check starts.
 * <p>
 * {@code anchor} answers a reader who kept a row's id and hash from earlier (an export, syslog):
 * {@code present} (still there, same hash), {@code changed}, {@code missing} (the newest rows were
 * cut off: what a chain alone cannot show), {@code archived} (moved out by retention; the archive
 * file has it); null when no anchor was given. A changed or missing anchor makes {@code intact} false.
 */
public record ChainReport(boolean intact, long rowsChecked, Long firstBrokenId, Instant checkedAt, Long lastId,
                          Long archivedUpTo, String anchor) {
}
