package ge.wardops.audit;

import ge.wardops.audit.chain.Anchor;
import ge.wardops.audit.chain.AnchorKeys;
import ge.wardops.audit.chain.ChainKeys;
import ge.wardops.audit.chain.ChainVerifier;
import ge.wardops.audit.chain.OfflineVerifier;
import ge.wardops.testsupport.MigratedSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log against the people issue #14 names, on the real PostgreSQL with real roles: the
 * application's runtime role (the pool's password) may only read and append; the owner (or a
 * superuser) can switch the protection off and rewrite rows, recomputing every later hash with
 * anything the database holds, and the chain check and the offline verifier still name the first
 * bad row; the newest rows removed after an anchor are reported; a rotated key keeps old rows
 * verifiable; eight writers at once leave one unbroken chain.
 */
class AuditLogProtectionTest {

    private static final String K1_LINE = ChainKeys.newKeyLine("k1");
    private static final ChainKeys K1 = ChainKeys.parse(K1_LINE, "test");

    @TempDir
    Path dir;

    private MigratedSchema schema;
    private Connection owner;
    private Connection runtime;
    private KeyPair anchorKey;
    private AnchorFile anchors;

    @BeforeEach
    void freshSchema() throws Exception {
        schema = MigratedSchema.fresh("audit_protection_test");
        owner = schema.connection();
        runtime = schema.runtimeConnection();
        anchorKey = AnchorKeys.loadOrCreate(dir.resolve("anchor.key"));
        anchors = new AnchorFile(dir.resolve("anchors"));
    }

    @AfterEach
    void close() throws SQLException {
        runtime.close();
        owner.close();
    }

    @Test
    void anAuditRowIsOnlyAppendedInsideATransaction() throws SQLException {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> AuditRowWriter.append(runtime, K1, draft(Instant.now(), "autocommit")));
        assertTrue(refused.getMessage().contains("transaction"), refused.getMessage());
        assertEquals(0, count(runtime, "SELECT count(*) FROM audit_events"));
    }

    @Test
    void theApplicationsOwnAccountMayOnlyReadAndAppendTheAuditLog() throws SQLException {
        append(runtime, K1, "alice", 3);
        assertEquals(3, count(runtime, "SELECT count(*) FROM audit_events"));
        long id = count(runtime, "SELECT min(id) FROM audit_events");
        for (String attack : List.of(
                "UPDATE audit_events SET actor = 'mallory' WHERE id = " + id,
                "DELETE FROM audit_events WHERE id = " + id,
                "TRUNCATE audit_events",
                "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete",
                "ALTER TABLE audit_events DISABLE TRIGGER ALL",
                "DROP TRIGGER audit_events_no_update_delete ON audit_events",
                "CREATE OR REPLACE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$",
                "CREATE OR REPLACE FUNCTION audit_events_archive(bigint, char, timestamptz, varchar) RETURNS bigint LANGUAGE sql AS $$ SELECT 0::bigint $$",
                "INSERT INTO audit_checkpoints (cutoff, first_archived_id, last_archived_id, last_archived_hash, rows_archived, archive_file) "
                        + "VALUES (now(), 1, 1, repeat('0', 64), 1, 'x')",
                "UPDATE audit_checkpoints SET archive_file = 'x'",
                "DELETE FROM flyway_schema_history",
                "DROP TABLE audit_events")) {
            SQLException refused = assertThrows(SQLException.class, () -> exec(runtime, attack), attack);
            assertEquals("42501", refused.getSQLState(), attack + ": " + refused.getMessage());
        }
        assertEquals(3, count(owner, "SELECT count(*) FROM audit_events"));
        assertEquals(List.of(), owned(MigratedSchema.runtimeUser()), "the runtime role owns nothing");
        // and it still does what the application needs elsewhere
        exec(runtime, "INSERT INTO regions (name, code) VALUES ('Runtime region', 'RT1')");
        exec(runtime, "UPDATE regions SET name = 'Runtime region 2' WHERE code = 'RT1'");
        exec(runtime, "DELETE FROM regions WHERE code = 'RT1'");
    }

    @Test
    void theRuntimeRoleCannotInsertARowThatDoesNotFollowTheHead() throws Exception {
        append(runtime, K1, "alice", 3);
        String head = strings("SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1").get(0).strip();
        String columns = "INSERT INTO audit_events (id, actor, action, object_type, prev_hash, hash, key_id) VALUES (";
        String forgedHash = "'" + "a".repeat(64) + "', 'k1')";
        for (String attack : List.of(
                // an id far above the sequence would become the head forever
                columns + "9000000000000, 'mallory', 'UPDATE', 'device', '" + head + "', " + forgedHash,
                // the next id, but not the one this session drew from the sequence
                columns + (count(runtime, "SELECT max(id) FROM audit_events") + 1) + ", 'mallory', 'UPDATE', 'device', '" + head + "', " + forgedHash,
                // the id just drawn, but linking to another row than the head
                columns + "nextval('audit_events_id_seq'), 'mallory', 'UPDATE', 'device', repeat('0', 64), " + forgedHash,
                // no id at all (the default draws one), linking nowhere
                "INSERT INTO audit_events (actor, action, object_type, prev_hash, hash, key_id) VALUES ('mallory', 'UPDATE', 'device', '"
                        + "b".repeat(64) + "', " + forgedHash,
                "ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_at_head",
                "DROP TRIGGER audit_events_append_at_head ON audit_events",
                "CREATE OR REPLACE FUNCTION audit_events_append_at_head() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$")) {
            SQLException refused = assertThrows(SQLException.class, () -> exec(runtime, attack), attack);
            assertEquals("42501", refused.getSQLState(), attack + ": " + refused.getMessage());
        }
        assertEquals(3, count(owner, "SELECT count(*) FROM audit_events"));

        // after the refused attempts (which drew ids from the sequence) the next real rows still verify
        append(runtime, K1, "bob", 2);
        ChainVerifier.Result r = check(K1);
        assertTrue(r.intact(), r.findings().toString());
        assertEquals(5, r.hashesVerified());
    }

    @Test
    void aForgedRowAtTheHeadIsReportedAtThatRowAndTheRowsAfterItStillVerify() throws Exception {
        append(runtime, K1, "alice", 3);
        // right id and right prev_hash, but no key: the database lets it in; the HMAC gives it away
        exec(runtime, "INSERT INTO audit_events (actor, action, object_type, prev_hash, hash, key_id) VALUES ('mallory', 'UPDATE', 'device', "
                + "(SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), '" + "a".repeat(64) + "', 'k1')");
        long forged = count(owner, "SELECT id FROM audit_events WHERE actor = 'mallory'");
        append(runtime, K1, "bob", 2);
        ChainVerifier.Result r = check(K1);
        assertEquals(forged, r.firstBad().id(), r.findings().toString());
        assertEquals(ChainVerifier.Problem.HASH, r.firstBad().problem());
        assertEquals(List.of(forged), r.findings().stream().map(f -> f.id()).distinct().toList(),
                "only the forged row is reported; the real rows after it link and verify: " + r.findings());
    }

    @Test
    void anAuditRowIsOnlyAppendedUnderReadCommitted() throws Exception {
        for (int level : new int[] {Connection.TRANSACTION_REPEATABLE_READ, Connection.TRANSACTION_SERIALIZABLE}) {
            runtime.setAutoCommit(false);
            runtime.setTransactionIsolation(level);
            try {
                IllegalStateException refused = assertThrows(IllegalStateException.class,
                        () -> AuditRowWriter.append(runtime, K1, draft(Instant.now(), "snapshot")));
                assertTrue(refused.getMessage().contains("READ COMMITTED"), refused.getMessage());
            } finally {
                runtime.rollback();
                runtime.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                runtime.setAutoCommit(true);
            }
        }
        assertEquals(0, count(owner, "SELECT count(*) FROM audit_events"));
        append(runtime, K1, "alice", 1);
        assertTrue(check(K1).intact());
    }

    @Test
    void anIdleLogGetsNoNewAnchorButANewRowOrAnArchiveRunDoes() throws Exception {
        for (int i = 0; i < 2; i++) {
            append(runtime, K1, draft(Instant.now().minusSeconds(86_400L * (40 - i)), "old-" + i));
        }
        append(runtime, K1, "alice", 2);
        assertNotNull(anchor());
        assertNull(anchor(), "the head has not moved: nothing new to sign");
        assertNull(anchor());
        assertEquals(1, anchors.readAll().size());

        append(runtime, K1, "bob", 1);
        assertNotNull(anchor(), "a new row moves the head");
        assertNull(anchor());

        // an archive run that writes a checkpoint (the head itself unchanged) is still anchored
        runtime.setAutoCommit(false);
        AuditArchive.Result archived = AuditArchive.archive(runtime, Instant.now().minusSeconds(86_400L * 30), dir.resolve("archive"), 100);
        runtime.commit();
        runtime.setAutoCommit(true);
        assertEquals(2, archived.rows());
        Anchor afterArchive = anchor();
        assertNotNull(afterArchive, "the checkpoint changed the row count");
        assertEquals(3, afterArchive.rows());
        assertNull(anchor());
        assertEquals(3, anchors.readAll().size());
        ChainVerifier.Result r = check(K1);
        assertTrue(r.intact(), r.findings().toString());
    }

    @Test
    void retentionStillArchivesThroughTheOwnersFunctionAsTheRuntimeRole() throws Exception {
        for (int i = 0; i < 4; i++) {
            append(runtime, K1, draft(Instant.now().minusSeconds(86_400L * (40 - i)), "old-" + i));
        }
        append(runtime, K1, "new", 2);
        runtime.setAutoCommit(false);
        AuditArchive.Result result = AuditArchive.archive(runtime, Instant.now().minusSeconds(86_400L * 30), dir.resolve("archive"), 100);
        runtime.commit();
        runtime.setAutoCommit(true);
        assertEquals(4, result.rows());
        assertEquals(2, count(owner, "SELECT count(*) FROM audit_events"));
        assertNull(check(K1).firstBad(), "the chain verifies from the checkpoint");
    }

    @Test
    void theOwnerRewritingARowAndRecomputingEveryLaterHashIsDetectedOnlineAndOffline() throws Exception {
        append(runtime, K1, "alice", 10);
        anchor();
        long victim = count(owner, "SELECT min(id) FROM audit_events") + 3;
        Path exportBefore = export("before.jsonl");
        assertEquals(0, offline(exportBefore, true).exit(), "the untouched log verifies offline");

        // Everything the database holds: the owner switches the protection off, rewrites the row and
        // recomputes every later hash with PostgreSQL's own sha256(), as the old trigger did.
        exec(owner, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete");
        exec(owner, "UPDATE audit_events SET actor = 'mallory' WHERE id = " + victim);
        exec(owner, """
                DO $$
                DECLARE r record; prev char(64);
                BEGIN
                  SELECT hash INTO prev FROM audit_events WHERE id < %d ORDER BY id DESC LIMIT 1;
                  FOR r IN SELECT * FROM audit_events WHERE id >= %d ORDER BY id LOOP
                    UPDATE audit_events SET prev_hash = prev,
                        hash = encode(sha256(convert_to(concat_ws('|', prev, r.id, r.occurred_at, r.actor, r.action), 'UTF8')), 'hex')
                      WHERE id = r.id;
                    SELECT hash INTO prev FROM audit_events WHERE id = r.id;
                  END LOOP;
                END $$""".formatted(victim, victim));
        exec(owner, "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete");

        ChainVerifier.Result online = check(K1);
        assertEquals(victim, online.firstBad().id(), online.findings().toString());
        assertEquals(ChainVerifier.Problem.HASH, online.firstBad().problem());
        assertTrue(online.findings().stream().anyMatch(f -> f.problem() == ChainVerifier.Problem.ANCHOR_CHANGED),
                "the anchored head no longer matches: " + online.findings());

        Path exportAfter = export("after.jsonl");
        Offline withKey = offline(exportAfter, true);
        assertEquals(1, withKey.exit(), withKey.out());
        assertTrue(withKey.out().contains("FAILED at row " + victim + ": HASH"), withKey.out());
        Offline publicKeyOnly = offline(exportAfter, false);
        assertEquals(1, publicKeyOnly.exit(), publicKeyOnly.out());
        assertTrue(publicKeyOnly.out().contains("ANCHOR_SEGMENT") && publicKeyOnly.out().contains("ANCHOR_CHANGED"), publicKeyOnly.out());
    }

    @Test
    void theNewestRowsRemovedAfterAnAnchorAreReported() throws Exception {
        append(runtime, K1, "alice", 6);
        Anchor anchor = anchor();
        assertNotNull(anchor);
        assertEquals(0, offline(export("whole.jsonl"), false).exit());
        long keep = anchor.lastId() - 2;
        exec(owner, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete");
        exec(owner, "DELETE FROM audit_events WHERE id > " + keep);
        exec(owner, "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete");

        ChainVerifier.Result online = check(K1);
        assertEquals(anchor.lastId(), online.firstBad().id(), online.findings().toString());
        assertEquals(ChainVerifier.Problem.ANCHOR_CUT_OFF, online.firstBad().problem());
        Offline offline = offline(export("cut.jsonl"), false);
        assertEquals(1, offline.exit(), offline.out());
        assertTrue(offline.out().contains("FAILED at row " + anchor.lastId() + ": ANCHOR_CUT_OFF"), offline.out());
    }

    @Test
    void aRotatedKeyKeepsOldRowsVerifiable() throws Exception {
        String k1Line = ChainKeys.newKeyLine("k1");
        ChainKeys first = ChainKeys.parse(k1Line, "test");
        append(runtime, first, "before-rotation", 3);
        ChainKeys rotated = ChainKeys.parse(k1Line + "\n" + ChainKeys.newKeyLine("k2"), "test");
        append(runtime, rotated, "after-rotation", 3);

        assertEquals(List.of("k1", "k1", "k1", "k2", "k2", "k2"), strings("SELECT key_id FROM audit_events ORDER BY id"));
        ChainVerifier.Result r = check(rotated);
        assertTrue(r.intact(), r.findings().toString());
        assertEquals(6, r.hashesVerified());
        ChainVerifier.Result withoutOldKey = check(ChainKeys.parse(ChainKeys.newKeyLine("k2"), "test"));
        assertEquals(ChainVerifier.Problem.UNKNOWN_KEY, withoutOldKey.firstBad().problem(), "old rows need the old key");
    }

    @Test
    void eightWritersAtOnceLeaveOneUnbrokenChain() throws Exception {
        int writers = 8;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            String actor = "writer-" + w;
            done.add(pool.submit(() -> {
                try (Connection c = DriverManager.getConnection(schema.schemaUrl(), MigratedSchema.runtimeUser(),
                        System.getProperty("test.db.runtime.password", "wardops_runtime"))) {
                    c.setAutoCommit(false);
                    for (int i = 0; i < each; i++) {
                        AuditRowWriter.append(c, K1, draft(Instant.now(), actor));
                        if (i % 3 == 0 && i + 1 < each) {
                            AuditRowWriter.append(c, K1, draft(Instant.now(), actor)); // two rows in one transaction
                            i++;
                        }
                        c.commit();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertEquals(writers * each, count(owner, "SELECT count(*) FROM audit_events"));
        assertEquals(writers * each, count(owner, "SELECT count(DISTINCT prev_hash) FROM audit_events"), "no two rows follow the same row");
        ChainVerifier.Result r = check(K1);
        assertTrue(r.intact(), r.findings().toString());
        assertEquals(writers * each, r.rows());
    }

    @Test
    void rowsFromBeforeTheKeyedChainStayVerifiedAndBoundByTheFirstKeyedRow() throws Exception {
        // A log written by the old trigger (V1..V8), then upgraded.
        String legacy = "audit_legacy_test";
        exec(owner, "DROP SCHEMA IF EXISTS " + legacy + " CASCADE");
        org.flywaydb.core.api.configuration.FluentConfiguration flyway = org.flywaydb.core.Flyway.configure()
                .dataSource(schema.url(), schema.user(), schema.password()).schemas(legacy).locations("classpath:db/migration");
        flyway.target("8").load().migrate();
        exec(owner, "SET search_path TO " + legacy);
        try {
            exec(owner, "INSERT INTO audit_events (actor, action, object_type, before_state) VALUES "
                    + "('old-1', 'UPDATE', 'device', '{\"b\": [1, 2.50], \"a\": \"x\"}'), ('old-2', 'LOGIN', 'user', NULL), "
                    + "('old-3', 'DELETE', 'device', '{\"z\": null}')");
            flyway.target("latest").load().migrate();
            append(owner, K1, "new", 3);
            ChainVerifier.Result upgraded = check(K1);
            assertTrue(upgraded.intact(), upgraded.findings().toString());
            assertEquals(6, upgraded.hashesVerified(), "the legacy rows' SHA-256 is recomputed from PostgreSQL's own text");

            // The owner rewrites a legacy row and recomputes the legacy hashes up to the cut-over.
            exec(owner, "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete");
            exec(owner, "UPDATE audit_events SET actor = 'mallory' WHERE actor = 'old-2'");
            exec(owner, """
                    DO $$
                    DECLARE r record; prev char(64) := repeat('0', 64);
                    BEGIN
                      FOR r IN SELECT * FROM audit_events WHERE key_id IS NULL ORDER BY id LOOP
                        UPDATE audit_events SET prev_hash = prev, hash = encode(sha256(convert_to(concat_ws(E'\\x1f', prev,
                            to_char(r.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), r.actor,
                            coalesce(r.client_address, ''), r.action, r.object_type, coalesce(r.object_id, ''),
                            coalesce(r.region_id::text, ''), coalesce(r.before_state::text, ''),
                            coalesce(r.after_state::text, ''), coalesce(r.details, '')), 'UTF8')), 'hex') WHERE id = r.id;
                        SELECT hash INTO prev FROM audit_events WHERE id = r.id;
                      END LOOP;
                    END $$""");
            exec(owner, "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete");
            ChainVerifier.Result rewritten = check(K1);
            long firstKeyed = count(owner, "SELECT min(id) FROM audit_events WHERE key_id IS NOT NULL");
            assertEquals(firstKeyed, rewritten.firstBad().id(), rewritten.findings().toString());
            assertEquals(ChainVerifier.Problem.LINK, rewritten.firstBad().problem(),
                    "the legacy rows recompute, but the first keyed row's HMAC covers the old legacy head");
        } finally {
            exec(owner, "SET search_path TO " + schema.name());
            exec(owner, "DROP SCHEMA IF EXISTS " + legacy + " CASCADE");
        }
    }

    // ------------------------------------------------------------------------------ helpers

    private record Offline(int exit, String out) {
    }

    private Anchor anchor() throws Exception {
        owner.setAutoCommit(false);
        try {
            return AuditAnchoring.anchor(owner, K1, anchorKey, anchors);
        } finally {
            owner.rollback();
            owner.setAutoCommit(true);
        }
    }

    private ChainVerifier.Result check(ChainKeys keys) throws Exception {
        owner.setAutoCommit(false);
        try {
            return AuditChain.check(owner, keys, anchors.readAll(), anchorKey.getPublic()).result();
        } finally {
            owner.rollback();
            owner.setAutoCommit(true);
        }
    }

    /** The auditor's export: every row as JSON lines, as the API writes it. */
    private Path export(String name) throws Exception {
        StringBuilder out = new StringBuilder();
        try (Statement s = owner.createStatement(); ResultSet rs = s.executeQuery("SELECT id, occurred_at, actor, client_address, "
                + "action, object_type, object_id, region_id, before_state::text, after_state::text, details, prev_hash, hash, key_id "
                + "FROM audit_events ORDER BY id")) {
            while (rs.next()) {
                out.append(AuditFormats.jsonLine(new AuditRecord(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getObject(8) == null ? null : rs.getLong(8), rs.getString(9), rs.getString(10), rs.getString(11),
                        rs.getString(12), rs.getString(13), rs.getString(14)))).append('\n');
            }
        }
        Path file = dir.resolve(name);
        Files.writeString(file, out);
        return file;
    }

    private Offline offline(Path export, boolean withKey) throws IOException {
        List<String> args = new ArrayList<>(List.of("--public-key", AnchorKeys.publicFile(dir.resolve("anchor.key")).toString(),
                "--anchors", anchors.path().toString()));
        if (withKey) {
            Path keys = dir.resolve("chain.keys");
            Files.writeString(keys, K1_LINE + "\n");
            args.addAll(List.of("--keys", keys.toString()));
        }
        args.add(export.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = OfflineVerifier.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Offline(exit, out.toString(StandardCharsets.UTF_8));
    }

    private static AuditRecord draft(Instant at, String actor) {
        return new AuditRecord(null, at, actor, "127.0.0.21", "UPDATE", "device", "7", 3L, "{\"name\": \"a\", \"n\": 1.50}",
                "{\"name\": \"b\"}", "details", null, null, null);
    }

    /** Appends {@code rows} rows, each in a transaction of its own (as the application does). */
    private static void append(Connection c, ChainKeys keys, String actor, int rows) throws SQLException {
        for (int i = 0; i < rows; i++) {
            append(c, keys, draft(Instant.now(), actor));
        }
    }

    private static void append(Connection c, ChainKeys keys, AuditRecord draft) throws SQLException {
        c.setAutoCommit(false);
        AuditRowWriter.append(c, keys, draft);
        c.commit();
        c.setAutoCommit(true);
    }

    private List<String> owned(String role) throws SQLException {
        return strings("SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                + "WHERE n.nspname = '" + schema.name() + "' AND pg_get_userbyid(c.relowner) = '" + role + "'");
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = owner.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
