package ge.wardops.audit;

import java.time.Instant;

/**
 * The outcome of checking the audit log: intact, or the first row (by id) where tampering begins:
 * a row that does not match its keyed hash, does not link to the row before it, or that the signed
 * anchors contradict (rewritten, removed, or the newest rows cut off after an anchor).
 * {@code problem} names the kind (ChainVerifier.Problem) and {@code detail} says it in words.
 * {@code lastId} is the newest row checked (the chain is verified up to it when intact);
 * {@code archivedUpTo} the last row moved to an archive by retention (null if none was), from
 * whose checkpoint hash the check starts; {@code hashesVerified} the rows whose hash was recomputed.
 * <p>
 * {@code anchorsHeld} counts the signed anchors (from the anchor file) the database agrees with;
 * {@code lastAnchorId}/{@code lastAnchorHash}/{@code lastAnchorAt} describe the newest one and
 * {@code lastAnchorHolds} whether the database still has that row with that hash (null: no anchor yet).
 * <p>
 * {@code anchor} answers a reader who kept a row's id and hash from earlier (an export, syslog):
 * {@code present} (still there, same hash), {@code changed}, {@code missing} (the newest rows were
 * cut off), {@code archived} (moved out by retention; the archive file has it); null when no anchor
 * was given. A changed or missing anchor makes {@code intact} false.
 */
public record ChainReport(boolean intact, long rowsChecked, Long firstBrokenId, Instant checkedAt, Long lastId,
                          Long archivedUpTo, String anchor, String problem, String detail, long hashesVerified,
                          int anchorsHeld, Long lastAnchorId, String lastAnchorHash, String lastAnchorAt,
                          Boolean lastAnchorHolds) {
}
