package ge.wardops.audit;

import ge.wardops.audit.chain.ChainKeys;
import ge.wardops.testsupport.MigratedSchema;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The cost of auditing a change (deployment/bench/audit): on the real PostgreSQL, as the runtime
 * role, transactions that (a) change a device row, (b) change it and append its audit row through
 * {@link AuditRowWriter} (chain lock, head, HMAC, insert), (c) append an audit row alone; with 1 and
 * with 8 threads at once (the chain serializes appends); and (d) the change with an audit row hashed the
 * way it was before V9 (a trigger computing plain SHA-256 in the database, under the same kind of lock). Also the in-JVM cost of the keyed hash
 * (canonical JSON + HMAC-SHA256) of one row. Not a test: a main class printing one JSON line.
 *
 *   java ... ge.wardops.audit.AuditWriteBenchmark [transactions per run]
 */
public final class AuditWriteBenchmark {

    private static final ChainKeys KEYS = ChainKeys.parse(ChainKeys.newKeyLine("bench"), "bench");
    private static final String BEFORE = "{\"name\":\"br001-rtr\",\"ip\":\"127.20.1.1\",\"type\":\"ROUTER\",\"vendor\":\"Cisco\","
            + "\"enabled\":true,\"branchId\":1,\"parentId\":null,\"tags\":[\"core\",\"vip\"],\"version\":3}";
    private static final String AFTER = BEFORE.replace("\"version\":3", "\"version\":4").replace("br001-rtr", "br001-rtr1");

    private AuditWriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        MigratedSchema schema = MigratedSchema.fresh("audit_write_bench");
        try (Connection setup = schema.runtimeConnection(); Statement s = setup.createStatement()) {
            s.execute("INSERT INTO regions (name, code) VALUES ('Bench', 'BN')");
            s.execute("INSERT INTO branches (region_id, name, code) SELECT id, 'Bench branch', 'BB1' FROM regions");
            s.execute("INSERT INTO devices (branch_id, name, ip, device_type, vendor) "
                    + "SELECT b.id, 'bench-' || g, ('127.21.' || (g / 250) || '.' || (g % 250 + 1))::inet, 'ROUTER', 'Cisco' "
                    + "FROM branches b, generate_series(1, 64) g");
        }
        // The design before V9, for comparison: the same table with the old trigger hashing in the database
        // (plain SHA-256 under the same advisory lock), as V1 created it.
        try (Statement s = schema.connection().createStatement()) {
            s.execute("CREATE TABLE audit_events_v8 (LIKE audit_events INCLUDING DEFAULTS)");
            s.execute("ALTER TABLE audit_events_v8 ALTER COLUMN id SET DEFAULT nextval('audit_events_id_seq')");
            s.execute("""
                    CREATE FUNCTION audit_events_v8_chain() RETURNS trigger LANGUAGE plpgsql AS $$
                    DECLARE previous char(64);
                    BEGIN
                        PERFORM pg_advisory_xact_lock(7305902);
                        SELECT hash INTO previous FROM audit_events_v8 ORDER BY id DESC LIMIT 1;
                        NEW.prev_hash := coalesce(previous, repeat('0', 64));
                        NEW.hash := encode(sha256(convert_to(concat_ws(E'\\x1f', NEW.prev_hash,
                            to_char(NEW.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), NEW.actor,
                            coalesce(NEW.client_address, ''), NEW.action, NEW.object_type, coalesce(NEW.object_id, ''),
                            coalesce(NEW.region_id::text, ''), coalesce(NEW.before_state::text, ''),
                            coalesce(NEW.after_state::text, ''), coalesce(NEW.details, '')), 'UTF8')), 'hex');
                        RETURN NEW;
                    END $$""");
            s.execute("CREATE TRIGGER audit_events_v8_chain BEFORE INSERT ON audit_events_v8 FOR EACH ROW EXECUTE FUNCTION audit_events_v8_chain()");
            s.execute("CREATE INDEX ON audit_events_v8 (id)");
            s.execute("GRANT SELECT, INSERT ON audit_events_v8 TO " + MigratedSchema.runtimeUser());
        }
        StringBuilder json = new StringBuilder("{\"transactions\":" + n);
        json.append(",\"hmacMicros\":").append(String.format("%.2f", hmacMicros()));
        String[] kinds = {"change", "change+audit", "audit", "change+auditV8"};
        for (int threads : new int[] {1, 8}) {
            // the kinds take turns, in 5 rounds, so that a machine whose load drifts treats them alike
            List<List<Long>> times = new ArrayList<>();
            double[] seconds = new double[kinds.length];
            for (String kind : kinds) {
                times.add(new ArrayList<>());
                run(schema, kind, threads, Math.max(threads, n / 10), new ArrayList<>()); // warm-up
            }
            for (int round = 0; round < 5; round++) {
                for (int k = 0; k < kinds.length; k++) {
                    seconds[k] += run(schema, kinds[k], threads, n / 5, times.get(k));
                }
            }
            for (int k = 0; k < kinds.length; k++) {
                long[] all = times.get(k).stream().mapToLong(Long::longValue).sorted().toArray();
                json.append(",\"").append(kinds[k]).append("@").append(threads).append("\":{\"p50Micros\":")
                        .append(String.format("%.0f", all[all.length / 2] / 1e3)).append(",\"p95Micros\":")
                        .append(String.format("%.0f", all[(int) (all.length * 0.95)] / 1e3)).append(",\"perSecond\":")
                        .append(String.format("%.0f", all.length / seconds[k])).append('}');
            }
        }
        System.out.println(json.append('}'));
        schema.connection().createStatement().execute("DROP SCHEMA audit_write_bench CASCADE");
    }

    /** Runs {@code total} transactions of {@code kind} on {@code threads} threads; adds each one's time to {@code into}; answers the wall time in seconds. */
    private static double run(MigratedSchema schema, String kind, int threads, int total, List<Long> into) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<long[]>> parts = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            parts.add(pool.submit(() -> {
                long[] times = new long[total / threads];
                try (Connection c = DriverManager.getConnection(schema.schemaUrl(), MigratedSchema.runtimeUser(),
                        System.getProperty("test.db.runtime.password", "wardops_runtime"))) {
                    c.setAutoCommit(false);
                    try (PreparedStatement change = c.prepareStatement(
                            "UPDATE devices SET description = ?, version = version + 1 WHERE name = ?");
                         PreparedStatement v8 = c.prepareStatement("INSERT INTO audit_events_v8 (actor, client_address, action, "
                                 + "object_type, object_id, region_id, before_state, after_state) "
                                 + "VALUES ('bench', '127.0.0.1', 'UPDATE', 'device', '1', 1, ?::jsonb, ?::jsonb)")) {
                        for (int i = 0; i < times.length; i++) {
                            long t0 = System.nanoTime();
                            if (!kind.equals("audit")) {
                                change.setString(1, "bench " + i);
                                change.setString(2, "bench-" + (thread * 8 + i % 8 + 1));
                                change.executeUpdate();
                            }
                            if (kind.equals("change+auditV8")) {
                                v8.setString(1, BEFORE);
                                v8.setString(2, AFTER);
                                v8.executeUpdate();
                            } else if (!kind.equals("change")) {
                                AuditRowWriter.append(c, KEYS, new AuditRecord(null, Instant.now(), "bench", "127.0.0.1", "UPDATE",
                                        "device", String.valueOf(i), 1L, BEFORE, AFTER, null, null, null, null));
                            }
                            c.commit();
                            times[i] = System.nanoTime() - t0;
                        }
                    }
                }
                return times;
            }));
        }
        for (Future<long[]> f : parts) {
            for (long t : f.get()) {
                into.add(t);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return seconds;
    }

    private static double hmacMicros() {
        AuditRecord row = new AuditRecord(42L, Instant.now(), "bench", "127.0.0.1", "UPDATE", "device", "7", 1L, BEFORE, AFTER,
                null, "0".repeat(64), null, "bench");
        for (int i = 0; i < 20_000; i++) {
            KEYS.hash(row.chainRow());
        }
        int n = 100_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            KEYS.hash(row.chainRow());
        }
        return (System.nanoTime() - t0) / 1e3 / n;
    }
}
