package ge.wardops.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;

/**
 * Moves the oldest audit rows out of the database without losing them: writes them, oldest first,
 * to a gzip'd JSON lines file (every column, the chain hashes included), makes the file durable,
 * and only then asks the database to remove them through {@code audit_events_archive}, which
 * checks that the last archived hash is the one in the table and leaves a checkpoint the chain
 * check starts from. Runs on the caller's connection and transaction: if the removal fails, the
 * file stays (harmless, named after its id range) and so do the rows.
 * <p>
 * Only a prefix of the log is ever archived: the rows before the first one at or after the cutoff.
 */
public final class AuditArchive {

    /** What one run archived: nothing (rows = 0, file null) or the rows first..last in file. */
    public record Result(long rows, Long firstId, Long lastId, String lastHash, Path file) {
        static final Result NOTHING = new Result(0, null, null, null, null);
    }

    private static final String LAST_ARCHIVABLE = """
            SELECT id, hash FROM audit_events
            WHERE id < coalesce((SELECT min(id) FROM audit_events WHERE occurred_at >= ?), 9223372036854775807)
            ORDER BY id LIMIT 1 OFFSET ?
            """;

    private static final String LAST_OF_ALL = """
            SELECT id, hash FROM audit_events
            WHERE id < coalesce((SELECT min(id) FROM audit_events WHERE occurred_at >= ?), 9223372036854775807)
            ORDER BY id DESC LIMIT 1
            """;

    private static final String ROWS = """
            SELECT id, occurred_at, actor, client_address, action, object_type, object_id, region_id,
                   before_state::text, after_state::text, details, prev_hash, hash, key_id
            FROM audit_events WHERE id <= ? ORDER BY id
            """;

    private AuditArchive() {
    }

    /**
     * Archives at most {@code maxRows} of the rows older than {@code cutoff} into a new file in
     * {@code directory}. The connection must not be in auto-commit mode; the caller commits.
     */
    public static Result archive(Connection db, Instant cutoff, Path directory, int maxRows) throws SQLException, IOException {
        long lastId;
        String lastHash;
        try (PreparedStatement last = db.prepareStatement(LAST_ARCHIVABLE)) {
            last.setObject(1, utc(cutoff));
            last.setInt(2, maxRows - 1);
            try (ResultSet rs = last.executeQuery()) {
                if (rs.next()) {
                    lastId = rs.getLong(1);
                    lastHash = rs.getString(2);
                } else {
                    try (PreparedStatement all = db.prepareStatement(LAST_OF_ALL)) {
                        all.setObject(1, utc(cutoff));
                        try (ResultSet a = all.executeQuery()) {
                            if (!a.next()) {
                                return Result.NOTHING;
                            }
                            lastId = a.getLong(1);
                            lastHash = a.getString(2);
                        }
                    }
                }
            }
        }

        Files.createDirectories(directory);
        long first = -1;
        long rows = 0;
        Path part = Files.createTempFile(directory, "audit-", ".jsonl.gz.part");
        try {
            try (OutputStream file = Files.newOutputStream(part, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 GZIPOutputStream gzip = new GZIPOutputStream(file, 64 * 1024);
                 BufferedWriter out = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8));
                 PreparedStatement select = db.prepareStatement(ROWS)) {
                select.setFetchSize(1000);
                select.setLong(1, lastId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        AuditRecord r = new AuditRecord(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                rs.getObject(8) == null ? null : rs.getLong(8), rs.getString(9), rs.getString(10),
                                rs.getString(11), rs.getString(12), rs.getString(13), rs.getString(14));
                        if (first < 0) {
                            first = r.id();
                        }
                        out.write(AuditFormats.jsonLine(r));
                        out.write('\n');
                        rows++;
                    }
                }
            }
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Path file = directory.resolve("audit-" + first + "-" + lastId + ".jsonl.gz");
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            part = null;

            try (PreparedStatement remove = db.prepareStatement("SELECT audit_events_archive(?, ?, ?, ?)")) {
                remove.setLong(1, lastId);
                remove.setString(2, lastHash);
                remove.setObject(3, utc(cutoff));
                remove.setString(4, file.toAbsolutePath().toString());
                try (ResultSet rs = remove.executeQuery()) {
                    rs.next();
                    long removed = rs.getLong(1);
                    if (removed != rows) {
                        throw new SQLException("archived " + rows + " rows to " + file + " but the database removed " + removed);
                    }
                }
            }
            return new Result(rows, first, lastId, lastHash, file);
        } finally {
            if (part != null) {
                Files.deleteIfExists(part);
            }
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
