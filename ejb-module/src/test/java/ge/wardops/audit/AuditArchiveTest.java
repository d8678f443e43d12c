package ge.wardops.audit;

import ge.wardops.audit.chain.ChainKeys;
import ge.wardops.audit.chain.ChainVerifier;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retention against the real PostgreSQL, in a schema of its own that each test recreates: old
 * rows go to a gzip'd JSON lines archive with their chain hashes and only then leave the table;
 * the chain check still verifies from the checkpoint; tampering after archiving is still found;
 * and the table still refuses every UPDATE, TRUNCATE and DELETE other than the archiving one.
 */
class AuditArchiveTest {

    private static final String SCHEMA = "audit_archive_test";
    private static final ChainKeys KEYS = ChainKeys.parse(ChainKeys.newKeyLine("t1"), "test");
    private static String url;
    private static String user;
    private static String password;
    private static Connection db;

    @TempDir
    Path archives;

    @BeforeAll
    static void connect() throws SQLException {
        url = System.getProperty("test.db.url", "jdbc:postgresql://127.0.0.1:5432/wardops_test");
        user = System.getProperty("test.db.user", "wardops");
        password = System.getProperty("test.db.password", "wardops");
        db = DriverManager.getConnection(url, user, password);
    }

    @BeforeEach
    void freshSchema() throws SQLException {
        db.setAutoCommit(true);
        exec("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        Flyway.configure().dataSource(url, user, password).schemas(SCHEMA).locations("classpath:db/migration").load().migrate();
        exec("SET search_path TO " + SCHEMA);
        Instant now = Instant.now();
        for (int i = 0; i < 10; i++) {
            insert(now.minus(Duration.ofDays(40 - i)), "old-" + i, i == 3 ? "{\"name\": \"a, \\\"quoted\\\"\"}" : null);
        }
        for (int i = 0; i < 5; i++) {
            insert(now.minus(Duration.ofDays(5 - i)), "new-" + i, null);
        }
    }

    @AfterAll
    static void close() throws SQLException {
        db.close();
    }

    @Test
    void oldRowsGoToAnArchiveWithTheirHashesAndTheChainStillVerifiesFromTheCheckpoint() throws Exception {
        List<String> oldHashes = column("SELECT hash FROM audit_events WHERE actor LIKE 'old-%' ORDER BY id");
        long firstNewId = Long.parseLong(column("SELECT min(id) FROM audit_events WHERE actor LIKE 'new-%'").get(0));

        AuditArchive.Result result = archive(Instant.now().minus(Duration.ofDays(30)), 1000);

        assertEquals(10, result.rows());
        assertEquals(oldHashes.get(9), result.lastHash());
        List<JsonObject> lines = read(result.file());
        assertEquals(10, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonObject line = lines.get(i);
            assertEquals("old-" + i, line.getString("actor"));
            assertEquals(oldHashes.get(i), line.getString("hash"));
            assertEquals(i == 0 ? "0".repeat(64) : lines.get(i - 1).getString("hash"), line.getString("prev_hash"),
                    "each archived row links to the one before it");
        }
        assertEquals("a, \"quoted\"", lines.get(3).getJsonObject("before").getString("name"));

        assertEquals(List.of("5"), column("SELECT count(*) FROM audit_events"));
        assertEquals(List.of(String.valueOf(firstNewId)), column("SELECT min(id) FROM audit_events"));
        assertEquals(List.of(oldHashes.get(9) + "|10|" + result.file().toAbsolutePath()),
                column("SELECT last_archived_hash || '|' || rows_archived || '|' || archive_file FROM audit_checkpoints"));
        assertNull(firstBroken(), "the chain verifies from the checkpoint");

        insert(Instant.now(), "after-archive", null);
        assertNull(firstBroken(), "a new row links on");
    }

    @Test
    void archivingEverythingLeavesTheNextRowLinkedToTheCheckpoint() throws Exception {
        AuditArchive.Result first = archive(Instant.now().minus(Duration.ofDays(30)), 4);
        assertEquals(4, first.rows(), "batches of at most 4");
        AuditArchive.Result all = archive(Instant.now(), 1000);
        assertEquals(11, all.rows());
        assertEquals(List.of("0"), column("SELECT count(*) FROM audit_events"));
        insert(Instant.now(), "first-after-all", null);
        assertEquals(List.of(all.lastHash()), column("SELECT prev_hash FROM audit_events"));
        assertNull(firstBroken());
        assertEquals(AuditArchive.Result.NOTHING, archive(Instant.now().minus(Duration.ofDays(1)), 1000));
    }

    @Test
    void tamperingAfterArchivingIsStillDetected() throws Exception {
        archive(Instant.now().minus(Duration.ofDays(30)), 1000);
        long firstLeft = Long.parseLong(column("SELECT min(id) FROM audit_events").get(0));
        long secondLeft = firstLeft + 1;

        asOwnerWithoutProtection("UPDATE audit_events SET details = 'rewritten' WHERE id = " + secondLeft);
        assertEquals(secondLeft, firstBroken(), "a changed row");
        asOwnerWithoutProtection("UPDATE audit_events SET details = NULL WHERE id = " + secondLeft);
        assertNull(firstBroken(), "whole again once put back");

        asOwnerWithoutProtection("DELETE FROM audit_events WHERE id = " + firstLeft);
        assertEquals(secondLeft, firstBroken(), "the oldest remaining row removed behind the archive's back");
    }

    @Test
    void everyOtherChangeIsStillRefused() throws Exception {
        archive(Instant.now().minus(Duration.ofDays(30)), 1000);
        long oldest = Long.parseLong(column("SELECT min(id) FROM audit_events").get(0));
        assertRefused("DELETE FROM audit_events WHERE id = " + oldest);
        assertRefused("UPDATE audit_events SET actor = 'mallory' WHERE id = " + oldest);
        assertRefused("TRUNCATE audit_events");
        assertRefused("DELETE FROM audit_checkpoints");
        assertRefused("UPDATE audit_checkpoints SET last_archived_hash = repeat('1', 64)");
        // The archiving setting made up by hand, for rows newer than its cutoff: refused.
        assertRefused("BEGIN; SELECT set_config('wardops.audit_archive_upto', '999999', true), "
                + "set_config('wardops.audit_archive_cutoff', now()::text, true); DELETE FROM audit_events WHERE id = " + oldest + "; COMMIT");
        exec("ROLLBACK");
        // The function itself refuses a hash that is not the table's, and a cutoff in the future.
        assertRefused("SELECT audit_events_archive(" + oldest + ", repeat('1', 64), now() - interval '1 day', 'x')");
        assertRefused("SELECT audit_events_archive(" + oldest + ", (SELECT hash FROM audit_events WHERE id = " + oldest
                + "), now() + interval '1 day', 'x')");
        assertRefused("SELECT audit_events_archive(" + oldest + ", (SELECT hash FROM audit_events WHERE id = " + oldest
                + "), now() - interval '30 days', 'x')");
        assertEquals(List.of("5"), column("SELECT count(*) FROM audit_events"));
        assertNull(firstBroken());
    }

    private AuditArchive.Result archive(Instant cutoff, int maxRows) throws SQLException, IOException {
        db.setAutoCommit(false);
        try {
            AuditArchive.Result r = AuditArchive.archive(db, cutoff, archives, maxRows);
            db.commit();
            return r;
        } catch (SQLException | IOException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private static List<JsonObject> read(Path file) throws IOException {
        assertTrue(file.getFileName().toString().endsWith(".jsonl.gz"), file.toString());
        List<JsonObject> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.add(Json.createReader(new StringReader(line)).readObject());
            }
        }
        return out;
    }

    private static Long firstBroken() throws SQLException {
        ChainVerifier.Result r = AuditChain.check(db, KEYS, List.of(), null).result();
        return r.firstBad() == null ? null : r.firstBad().id();
    }

    private static void insert(Instant at, String actor, String before) throws SQLException {
        db.setAutoCommit(false);
        AuditRowWriter.append(db, KEYS, new AuditRecord(null, at, actor, null, "UPDATE", "device", null, null, before, null,
                null, null, null, null));
        db.commit();
        db.setAutoCommit(true);
    }

    private static void asOwnerWithoutProtection(String sql) throws SQLException {
        exec("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete");
        try {
            exec(sql);
        } finally {
            exec("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete");
        }
    }

    private static void assertRefused(String sql) {
        SQLException e = assertThrows(SQLException.class, () -> exec(sql), sql);
        assertTrue(e.getMessage().contains("append-only") || e.getMessage().contains("not in the log")
                || e.getMessage().contains("future") || e.getMessage().contains("not all older"), e.getMessage());
    }

    private static void exec(String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> column(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
