package ge.wardops.audit;

import ge.wardops.audit.chain.Anchor;
import ge.wardops.audit.chain.ChainKeys;
import ge.wardops.audit.chain.ChainRow;
import ge.wardops.audit.chain.ChainVerifier;
import ge.wardops.audit.syslog.AuditForwarding;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Signs the chain head every {@code wardops.audit.anchor.minutes} (and after every archive run) and
 * writes the anchor outside PostgreSQL: appended to the anchor file ({@code wardops.audit.anchor.dir})
 * and sent to syslog (when forwarding is on). Each anchor covers the rows since the previous one (its
 * segment): before signing, those rows are checked (links and keyed hashes), so a segment tampered
 * with before it was anchored is reported, never signed.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "ClusterNode"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AuditAnchoring {

    @jakarta.ejb.EJB
    ge.wardops.cluster.ClusterNode cluster;


    private static final Logger LOG = Logger.getLogger(AuditAnchoring.class.getName());

    @Inject
    AuditSettings settings;

    @Resource(lookup = "jdbc/wardops")
    DataSource dataSource;

    @Resource
    TimerService timers;

    @Inject
    AuditKeys keys;

    @Inject
    AuditForwarding syslog;

    @PostConstruct
    void start() {
        long minutes = settings.anchorMinutes();
        if (minutes < 1) {
            throw new IllegalArgumentException("wardops.audit.anchor.minutes must be 1 or more, not " + minutes);
        }
        timers.createIntervalTimer(TimeUnit.SECONDS.toMillis(20), TimeUnit.MINUTES.toMillis(minutes),
                new TimerConfig("audit-anchoring", false));
    }

    @Timeout
    void tick() {
        if (!cluster.leader()) {
            return; // once per cluster: the leader anchors the one chain's head
        }
        try {
            anchorNow();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "The audit chain head could not be anchored; will retry", e);
        }
    }

    /**
     * Signs and writes an anchor of the current head; null when the log is empty, its newest rows do
     * not verify, or nothing changed since the newest anchor (same head, same row count).
     */
    public synchronized Anchor anchorNow() {
        try (Connection db = dataSource.getConnection()) {
            db.setAutoCommit(false);
            db.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // head, count and rows from one snapshot
            try {
                Anchor anchor = anchor(db, keys.chain(), keys.anchor(), keys.anchorFile());
                if (anchor != null) {
                    syslog.forwardAnchor(anchor);
                }
                return anchor;
            } finally {
                db.rollback();
                db.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                db.setAutoCommit(true);
            }
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("the audit chain could not be anchored: " + e.getMessage(), e);
        }
    }

    /**
     * Signs an anchor of the head seen by {@code db} (one snapshot, please: REPEATABLE READ) with
     * {@code pair}, covering the rows since the newest anchor in {@code file}, and appends it there.
     * Null when the log is empty or the rows since the last anchor do not verify (then nothing is signed),
     * and when the head (last id and hash) and the row count are those of the newest anchor: an idle
     * log gets no new anchor every few minutes, while an archive run that wrote a checkpoint (fewer
     * rows) or added a row (a new head) is still anchored.
     */
    public static Anchor anchor(Connection db, ChainKeys chainKeys, KeyPair pair, AnchorFile file)
            throws SQLException, java.io.IOException {
        long lastId;
        String lastHash;
        long rows;
        try (PreparedStatement s = db.prepareStatement("SELECT id, hash, (SELECT count(*) FROM audit_events) "
                + "FROM audit_events ORDER BY id DESC LIMIT 1"); ResultSet rs = s.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            lastId = rs.getLong(1);
            lastHash = rs.getString(2).strip();
            rows = rs.getLong(3);
        }
        long archivedUpTo = 0;
        String fromHash = ChainRow.GENESIS;
        try (PreparedStatement s = db.prepareStatement(AuditChain.CHECKPOINT); ResultSet rs = s.executeQuery()) {
            if (rs.next()) {
                archivedUpTo = rs.getLong(1);
                fromHash = rs.getString(2).strip();
            }
        }
        long fromId = archivedUpTo;
        List<Anchor> earlier = new java.util.ArrayList<>(file.readAll());
        java.util.Collections.reverse(earlier); // of two anchors of one row, the later one (its row count) comes first
        // the newest anchor with a valid signature (checked newest first: the file only grows)
        Anchor previous = earlier.stream().filter(a -> a.lastId() <= lastId)
                .sorted(java.util.Comparator.comparingLong(Anchor::lastId).reversed())
                .filter(a -> a.verifies(pair.getPublic()))
                .findFirst().orElse(null);
        if (previous != null && previous.lastId() == lastId && previous.lastHash().equals(lastHash) && previous.rows() == rows) {
            // nothing new to sign: no row was added and none archived (a checkpoint changes the count)
            // since the newest anchor; the next anchor is signed once the head moves
            return null;
        }
        if (previous != null && previous.lastId() > archivedUpTo) {
            fromId = previous.lastId();
            fromHash = previous.lastHash();
        }

        MessageDigest segment;
        try {
            segment = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (fromId > archivedUpTo) {
            // the previous anchor's row must still be what it signed; the segment links on from it
            try (PreparedStatement s = db.prepareStatement("SELECT hash FROM audit_events WHERE id = ?")) {
                s.setLong(1, fromId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || !rs.getString(1).strip().equals(fromHash)) {
                        LOG.severe("AUDIT LOG TAMPERED: row " + fromId + " no longer has the hash anchored earlier; no new anchor is signed");
                        return null;
                    }
                }
            }
        }
        ChainVerifier check = new ChainVerifier(chainKeys, true, fromHash, null, List.of(), null);
        AuditChain.eachRow(db, fromId, lastId, row -> {
            check.accept(row);
            segment.update(row.canonicalWithHash());
        });
        ChainVerifier.Result verified = check.finish();
        if (!verified.intact()) {
            LOG.severe(() -> "AUDIT LOG TAMPERED: " + verified.firstBad().detail() + "; no anchor is signed for rows up to " + lastId);
            return null;
        }
        Anchor anchor = new Anchor(AuditFormats.time(Instant.now()), fromId, fromHash, lastId, lastHash, rows,
                HexFormat.of().formatHex(segment.digest()), null, null)
                .signedWith(pair.getPrivate(), pair.getPublic());
        file.append(anchor);
        return anchor;
    }
}
