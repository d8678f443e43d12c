package ge.wardops.audit;

import ge.wardops.audit.chain.ChainKeys;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Appends one row to the audit chain on the caller's connection and transaction: takes the chain's
 * lock (a transaction-scoped advisory lock, held until commit, so writers on every node append one
 * after the other and the chain never forks), reads the head, computes the row's keyed hash over
 * the head's hash and the row, and inserts it. The database only stores the result: it holds no
 * key and no function that could compute a hash.
 */
public final class AuditRowWriter {

    /** The lock id shared with audit_events_archive (V7): appending and archiving exclude each other. */
    static final long CHAIN_LOCK = 7305901;

    private static final String HEAD = """
            SELECT nextval('audit_events_id_seq'),
                   coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1),
                            (SELECT last_archived_hash FROM audit_checkpoints ORDER BY id DESC LIMIT 1),
                            repeat('0', 64)),
                   current_setting('transaction_isolation')
            """;

    private static final String INSERT = """
            INSERT INTO audit_events (id, occurred_at, actor, client_address, action, object_type, object_id, region_id,
                                      before_state, after_state, details, prev_hash, hash, key_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?)
            """;

    private AuditRowWriter() {
    }

    /**
     * Appends {@code draft} (its id, hashes and key id are ignored) and returns the row as stored. The
     * connection must be in a transaction (not auto-commit): the lock lasts until its commit. The
     * transaction must be READ COMMITTED (the head is read by a statement whose snapshot follows the
     * lock); under a higher isolation level nothing is inserted and an IllegalStateException is thrown
     * (the caller rolls back, which also releases the lock taken meanwhile). The level is read in the
     * same round trip as the head, so the check costs no extra query.
     */
    public static AuditRecord append(Connection db, ChainKeys keys, AuditRecord draft) throws SQLException {
        if (db.getAutoCommit()) {
            throw new IllegalStateException("an audit row is appended inside a transaction: the chain's lock must last until the commit");
        }
        long id;
        String prev;
        String isolation;
        // Two statements in one round trip: the lock, then the head, read by a statement whose snapshot
        // is taken after the lock is ours (one statement would read the head from before the wait).
        try (Statement head = db.createStatement()) {
            head.execute("SELECT pg_advisory_xact_lock(" + CHAIN_LOCK + ");" + HEAD);
            if (!head.getMoreResults()) {
                throw new SQLException("the audit chain's head was not returned");
            }
            try (ResultSet rs = head.getResultSet()) {
                rs.next();
                id = rs.getLong(1);
                prev = rs.getString(2).strip();
                isolation = rs.getString(3);
            }
        }
        if (!"read committed".equals(isolation)) {
            // Under REPEATABLE READ or SERIALIZABLE the transaction's snapshot may predate the lock: the
            // head read above could be an older row, and the chain would fork. Nothing is inserted.
            throw new IllegalStateException("an audit row is appended under READ COMMITTED only, not " + isolation.toUpperCase(Locale.ROOT)
                    + ": the chain's head must be read after the chain's lock is taken; roll back and use READ COMMITTED");
        }
        AuditRecord row = new AuditRecord(id, draft.occurredAt().truncatedTo(ChronoUnit.MICROS), draft.actor(),
                draft.clientAddress(), draft.action(), draft.objectType(), draft.objectId(), draft.regionId(),
                draft.before(), draft.after(), draft.details(), prev, null, keys.currentId());
        String hash = keys.hash(row.chainRow());
        try (PreparedStatement insert = db.prepareStatement(INSERT)) {
            insert.setLong(1, id);
            insert.setObject(2, row.occurredAt().atOffset(ZoneOffset.UTC));
            insert.setString(3, row.actor());
            insert.setString(4, row.clientAddress());
            insert.setString(5, row.action());
            insert.setString(6, row.objectType());
            insert.setString(7, row.objectId());
            if (row.regionId() == null) {
                insert.setNull(8, Types.BIGINT);
            } else {
                insert.setLong(8, row.regionId());
            }
            insert.setString(9, row.before());
            insert.setString(10, row.after());
            insert.setString(11, row.details());
            insert.setString(12, prev);
            insert.setString(13, hash);
            insert.setString(14, row.keyId());
            insert.executeUpdate();
        }
        return new AuditRecord(id, row.occurredAt(), row.actor(), row.clientAddress(), row.action(), row.objectType(),
                row.objectId(), row.regionId(), row.before(), row.after(), row.details(), prev, hash, row.keyId());
    }
}
