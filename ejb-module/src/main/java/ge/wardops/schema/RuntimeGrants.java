package ge.wardops.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives the application's runtime role what it may do in the schema (sql/grants/runtime-role.sql,
 * on the class path as db/grants/runtime-role.sql): rows of the ordinary tables, only SELECT and
 * INSERT on the audit log, USAGE on the sequences, and the same for tables of later migrations.
 * Runs as the schema's owner; idempotent. The same file is the DBA's script in docs/deploy.md.
 */
public final class RuntimeGrants {

    static final String SCRIPT = "db/grants/runtime-role.sql";

    private RuntimeGrants() {
    }

    /** Applies the grants on {@code owner}'s connection for {@code runtimeRole} in {@code schema}. */
    public static void apply(Connection owner, String schema, String runtimeRole) throws SQLException {
        try (Statement s = owner.createStatement()) {
            for (String statement : statements(schema, runtimeRole)) {
                s.execute(statement);
            }
        }
    }

    /** The script's statements with the schema and role filled in as quoted identifiers. */
    public static List<String> statements(String schema, String runtimeRole) {
        String script;
        try (InputStream in = RuntimeGrants.class.getClassLoader().getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is not on the class path (wardops-sql.jar)");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String statement : sql.toString().replace("${schema}", identifier(schema))
                .replace("${runtime_role}", identifier(runtimeRole)).split(";")) {
            if (!statement.isBlank()) {
                out.add(statement.strip());
            }
        }
        return out;
    }

    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
