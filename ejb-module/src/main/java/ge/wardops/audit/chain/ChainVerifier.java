package ge.wardops.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.HashMap;

/**
 * Checks an audit chain row by row, oldest first, and against the signed anchors: the one check
 * behind the server's {@code GET /api/v1/audit/chain} and the auditors' offline command.
 * <ul>
 * <li>each row names the hash of the row before it (the first row: {@code startHash}, when known);</li>
 * <li>a keyed row's hash is the HMAC of its canonical encoding under the key it names (when the
 *     keys are at hand); a legacy row (no key id) comes only before the first keyed row, and its
 *     plain SHA-256 is recomputed when the JSON is PostgreSQL's own text ({@code legacyTextExact});</li>
 * <li>every anchor's signature holds; the row it names is there with the hash it signed (else the
 *     newest rows were cut off, or the row was rewritten); the rows of its segment, when the input
 *     holds the whole segment, have the SHA-256 it signed (content checked with the public key alone).</li>
 * </ul>
 * Anchors of rows before the input (archived, or not exported) are counted as not covered.
 */
public final class ChainVerifier {

    public enum Problem { ORDER, LINK, HASH, UNKNOWN_KEY, LEGACY_AFTER_KEYED, ANCHOR_SIGNATURE, ANCHOR_CHANGED, ANCHOR_CUT_OFF, ANCHOR_SEGMENT }

    /** Something wrong at row {@code id}. */
    public record Finding(long id, Problem problem, String detail) {
    }

    /**
     * The outcome: {@code firstBad} the finding with the smallest id (null when intact);
     * {@code hashesVerified} rows whose hash was recomputed (keyed with a key, legacy from exact text);
     * {@code anchorsHeld} anchors checked and holding, {@code anchorsNotCovered} anchors about rows
     * before the input; {@code segmentsVerified} anchors whose content digest was recomputed;
     * {@code lastAnchor} the newest anchor with a valid signature.
     */
    public record Result(boolean intact, long rows, Long firstId, Long lastId, String lastHash, Finding firstBad,
                         List<Finding> findings, long hashesVerified, int anchorsHeld, int anchorsNotCovered,
                         int segmentsVerified, Anchor lastAnchor) {
    }

    private static final int MAX_FINDINGS = 100;

    private final ChainKeys keys;
    private final boolean legacyTextExact;
    private final String startHash;
    private final Long archivedUpTo;
    private final List<Segment> pending = new ArrayList<>();
    private final List<Segment> active = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Map<Long, String> anchoredHashes = new HashMap<>();
    private final List<long[]> segmentFindings = new ArrayList<>();
    private Anchor lastAnchor;

    private long rows;
    private Long firstId;
    private long previousId = Long.MIN_VALUE;
    private String previousHash;
    private boolean keyedSeen;
    private long hashesVerified;
    private int anchorsHeld;
    private int anchorsNotCovered;
    private int segmentsVerified;

    /**
     * @param keys            the HMAC keys, or null (public-key verification only)
     * @param legacyTextExact the before/after text is PostgreSQL's jsonb text, so legacy hashes can be recomputed
     * @param startHash       the hash the first row must link to, or null when unknown (an export from the middle)
     * @param archivedUpTo    the last id moved out by retention, or null
     * @param anchors         the anchors read from the anchor file(s), any order
     * @param anchorKey       the public key that signed them (anchors are ignored, and reported, if it is null)
     */
    public ChainVerifier(ChainKeys keys, boolean legacyTextExact, String startHash, Long archivedUpTo,
                         List<Anchor> anchors, PublicKey anchorKey) {
        this.keys = keys;
        this.legacyTextExact = legacyTextExact;
        this.startHash = startHash;
        this.archivedUpTo = archivedUpTo;
        for (Anchor a : anchors) {
            if (anchorKey == null || !a.verifies(anchorKey)) {
                find(a.lastId(), Problem.ANCHOR_SIGNATURE, "the anchor of " + a.anchoredAt() + " for row " + a.lastId()
                        + " does not carry a valid signature of the anchor key; the anchor file was changed");
                continue;
            }
            pending.add(new Segment(a));
            anchoredHashes.put(a.lastId(), null);
            if (lastAnchor == null || a.lastId() > lastAnchor.lastId()
                    || a.lastId() == lastAnchor.lastId() && a.anchoredAt().compareTo(lastAnchor.anchoredAt()) > 0) {
                lastAnchor = a;
            }
        }
        pending.sort(Comparator.comparingLong((Segment s) -> s.anchor.fromId()));
    }

    public void accept(ChainRow row) {
        rows++;
        if (firstId == null) {
            firstId = row.id();
        }
        if (row.id() <= previousId) {
            find(row.id(), Problem.ORDER, "row " + row.id() + " comes after row " + previousId);
        }
        String expectedPrev = previousHash != null ? previousHash : startHash;
        if (expectedPrev != null && !expectedPrev.equals(row.prevHash())) {
            find(row.id(), Problem.LINK, "row " + row.id() + " does not link to the row before it (a row was removed or rewritten)");
        }
        if (row.keyId() == null) {
            if (keyedSeen) {
                find(row.id(), Problem.LEGACY_AFTER_KEYED, "row " + row.id() + " has no key id after keyed rows");
            } else if (legacyTextExact) {
                hashesVerified++;
                if (!legacyHash(row).equals(row.hash())) {
                    find(row.id(), Problem.HASH, "row " + row.id() + " (written before the keyed chain) does not match its hash");
                }
            }
        } else {
            keyedSeen = true;
            if (keys != null) {
                if (!keys.has(row.keyId())) {
                    find(row.id(), Problem.UNKNOWN_KEY, "row " + row.id() + " names key " + row.keyId() + ", which is not known");
                } else {
                    hashesVerified++;
                    if (!keys.hash(row).equals(row.hash())) {
                        find(row.id(), Problem.HASH, "row " + row.id() + " does not match its keyed hash (it was changed)");
                    }
                }
            }
        }
        if (anchoredHashes.containsKey(row.id())) {
            anchoredHashes.put(row.id(), row.hash());
        }
        // anchors whose segment is over, then those it enters
        for (Iterator<Segment> it = active.iterator(); it.hasNext(); ) {
            Segment s = it.next();
            if (row.id() > s.anchor.lastId()) {
                s.finish(previousId);
                it.remove();
            }
        }
        while (!pending.isEmpty() && pending.get(0).anchor.fromId() < row.id()) {
            Segment s = pending.remove(0);
            if (row.id() > s.anchor.lastId()) {
                s.finish(previousId);      // a segment with no row here at all
            } else {
                s.start(row);
                active.add(s);
            }
        }
        for (Segment s : active) {
            s.add(row);
        }
        previousId = row.id();
        previousHash = row.hash();
    }

    public Result finish() {
        for (Segment s : active) {
            s.finish(previousId);
        }
        active.clear();
        for (Segment s : pending) {
            s.finish(previousId);
        }
        pending.clear();
        // A segment's digest says only that some row in it differs; a keyed hash or a link inside it says which.
        findings.removeIf(f -> f.problem() == Problem.ANCHOR_SEGMENT && segmentFindings.stream().anyMatch(r -> r[0] == f.id()
                && findings.stream().anyMatch(g -> !g.problem().name().startsWith("ANCHOR_") && g.id() >= r[0] && g.id() <= r[1])));
        findings.sort(Comparator.comparingLong(Finding::id));
        Finding first = findings.isEmpty() ? null : findings.get(0);
        return new Result(findings.isEmpty(), rows, firstId, previousId == Long.MIN_VALUE ? null : previousId, previousHash,
                first, List.copyOf(findings), hashesVerified, anchorsHeld, anchorsNotCovered, segmentsVerified, lastAnchor);
    }

    private void find(long id, Problem problem, String detail) {
        if (findings.size() < MAX_FINDINGS) {
            findings.add(new Finding(id, problem, detail));
        }
    }

    /** The hash rows got before V9: SHA-256 of the columns joined by U+001F, jsonb as PostgreSQL prints it. */
    static String legacyHash(ChainRow r) {
        String text = String.join("\u001f", r.prevHash(), r.occurredAt(), r.actor(), nz(r.clientAddress()), r.action(),
                r.objectType(), nz(r.objectId()), r.regionId() == null ? "" : r.regionId().toString(), nz(r.before()),
                nz(r.after()), nz(r.details()));
        return HexFormat.of().formatHex(Anchor.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** One anchor as the rows go by: its head, and the digest of its segment when the input holds all of it. */
    private final class Segment {
        final Anchor anchor;
        final MessageDigest digest;
        boolean covered;
        long firstRow = -1;

        Segment(Anchor anchor) {
            this.anchor = anchor;
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        void start(ChainRow row) {
            firstRow = row.id();
            covered = anchor.fromHash().equals(row.prevHash());
        }

        void add(ChainRow row) {
            if (covered) {
                digest.update(row.canonicalWithHash());
            }
        }

        void finish(long lastSeenId) {
            Anchor a = anchor;
            String hash = anchoredHashes.get(a.lastId());
            if (hash == null) {
                boolean before = archivedUpTo != null ? a.lastId() <= archivedUpTo : firstId == null || a.lastId() < firstId;
                if (before) {
                    anchorsNotCovered++;
                } else if (a.lastId() > lastSeenId) {
                    find(a.lastId(), Problem.ANCHOR_CUT_OFF, "the log ends at row "
                            + (lastSeenId == Long.MIN_VALUE ? "(none)" : Long.toString(lastSeenId)) + ", but the anchor of "
                            + a.anchoredAt() + " names row " + a.lastId() + ": the newest rows were removed");
                } else {
                    find(a.lastId(), Problem.ANCHOR_CHANGED, "row " + a.lastId() + " anchored at " + a.anchoredAt() + " is gone");
                }
                return;
            }
            if (!hash.equals(a.lastHash())) {
                find(a.lastId(), Problem.ANCHOR_CHANGED, "row " + a.lastId() + " no longer has the hash anchored at " + a.anchoredAt());
            } else {
                anchorsHeld++;
            }
            if (covered && firstRow >= 0) {
                segmentsVerified++;
                String sha = HexFormat.of().formatHex(digest.digest());
                if (!sha.equals(a.segmentSha256())) {
                    segmentFindings.add(new long[] {firstRow, a.lastId()});
                    find(firstRow, Problem.ANCHOR_SEGMENT, "rows " + (a.fromId() + 1) + ".." + a.lastId()
                            + " differ from what the anchor of " + a.anchoredAt() + " signed");
                }
            }
        }
    }
}
