package ge.wardops.audit;

import ge.wardops.audit.chain.Anchor;
import ge.wardops.audit.chain.ChainKeys;
import ge.wardops.audit.chain.ChainRow;
import ge.wardops.audit.chain.ChainVerifier;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checks the audit log in the database against its keys and its anchors ({@link ChainVerifier}):
 * every keyed row's hash is the HMAC of its content under the key it names (keys the database never
 * sees), every row names the hash of the row before it, and every signed anchor in the anchor file
 * still finds its row with the hash it signed, and its segment's rows with the content it signed.
 * A row changed, removed or added behind the application's back, by the pool's account, the owner
 * or a superuser, breaks one of these, even if they recomputed every later hash with anything
 * PostgreSQL holds.
 * <p>
 * Open to the system's own watch timer; people reach it only through {@link AuditQuery#verifyChain}, which
 * needs audit.read (admins and auditors by default).
 */
@Stateless
@PermitAll
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditChain {

    static final String ROWS = """
            SELECT id, occurred_at, actor, client_address, action, object_type, object_id, region_id, details,
                   before_state::text, after_state::text, key_id, prev_hash, hash
            FROM audit_events WHERE id > ? AND id <= ? ORDER BY id
            """;

    static final String CHECKPOINT = "SELECT last_archived_id, last_archived_hash FROM audit_checkpoints ORDER BY id DESC LIMIT 1";

    @Resource(lookup = "jdbc/wardops")
    DataSource dataSource;

    @Inject
    AuditKeys keys;

    public ChainReport verify() {
        return verify(null, null);
    }

    /** As {@link #verify()}, also checking a row the caller saw earlier ({@code anchorId} with {@code anchorHash}). */
    public ChainReport verify(Long anchorId, String anchorHash) {
        List<Anchor> anchors;
        try {
            anchors = keys.anchorFile().readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("the audit anchor file " + keys.anchorFile().path() + " cannot be read", e);
        }
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false); // a cursor, whatever the size of the log
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            try {
                Checked checked = check(db, keys.chain(), anchors, keys.anchor().getPublic());
                ChainVerifier.Result r = checked.result();
                Long archivedUpTo = checked.archivedUpTo();
                String given = anchorId == null ? null : given(db, anchorId, anchorHash, archivedUpTo);
                boolean intact = r.intact() && (given == null || given.equals("present") || given.equals("archived"));
                Anchor last = r.lastAnchor();
                Boolean lastHolds = last == null ? null : r.findings().stream().noneMatch(f -> f.id() == last.lastId());
                return new ChainReport(intact, r.rows(), r.firstBad() == null ? null : r.firstBad().id(), Instant.now(),
                        r.lastId(), archivedUpTo, given, r.firstBad() == null ? null : r.firstBad().problem().name(),
                        r.firstBad() == null ? null : r.firstBad().detail(), r.hashesVerified(), r.anchorsHeld(),
                        last == null ? null : last.lastId(), last == null ? null : last.lastHash(),
                        last == null ? null : last.anchoredAt(), lastHolds);
            } finally {
                db.rollback();
                db.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                db.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the audit chain could not be read: " + e.getMessage(), e);
        }
    }

    /** What {@link #check} found, and from which checkpoint it started. */
    public record Checked(ChainVerifier.Result result, Long archivedUpTo) {
    }

    /**
     * The whole check on {@code db}: from the last retention checkpoint (or the genesis hash), every
     * row, against {@code anchors} signed by {@code anchorKey}. The connection should be in a
     * transaction (a cursor reads the rows), ideally REPEATABLE READ.
     */
    public static Checked check(Connection db, ChainKeys chainKeys, List<Anchor> anchors, PublicKey anchorKey) throws SQLException {
        Long archivedUpTo = null;
        String startHash = ChainRow.GENESIS;
        try (PreparedStatement s = db.prepareStatement(CHECKPOINT); ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
                archivedUpTo = rs.getLong(1);
                startHash = rs.getString(2).strip();
            }
        }
        ChainVerifier verifier = new ChainVerifier(chainKeys, true, startHash, archivedUpTo, anchors, anchorKey);
        eachRow(db, 0, Long.MAX_VALUE, verifier::accept);
        return new Checked(verifier.finish(), archivedUpTo);
    }

    /** Streams the rows after {@code afterId} up to {@code upToId}, oldest first, as the chain sees them. */
    static void eachRow(Connection db, long afterId, long upToId, Consumer<ChainRow> each) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(ROWS)) {
            s.setFetchSize(1000);
            s.setLong(1, afterId);
            s.setLong(2, upToId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    each.accept(new ChainRow(rs.getLong(1), AuditFormats.time(rs.getObject(2, OffsetDateTime.class).toInstant()),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                            rs.getObject(8) == null ? null : rs.getLong(8), rs.getString(9), rs.getString(10),
                            rs.getString(11), rs.getString(12), rs.getString(13).strip(), rs.getString(14).strip()));
                }
            }
        }
    }

    private static String given(Connection db, long id, String hash, Long archivedUpTo) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT hash FROM audit_events WHERE id = ?")) {
            s.setLong(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1).strip().equalsIgnoreCase(hash) ? "present" : "changed";
                }
            }
        }
        return archivedUpTo != null && id <= archivedUpTo ? "archived" : "missing";
    }
}
