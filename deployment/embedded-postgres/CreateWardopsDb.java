// Creates the owner role, the runtime role and the database on a local PostgreSQL where 'postgres'
// logs in without a password, when there is no psql: deployment/lib/postgres.sh runs it with
// java's source launcher and the embedded PostgreSQL's jars (the JDBC driver) on the class path.
import java.sql.*;
public class CreateWardopsDb {
    // args: port owner runtimeRole database; the passwords from the environment, not the command line
    public static void main(String[] a) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + a[0] + "/";
        String ownerPassword = password("WARDOPS_SETUP_OWNER_PASSWORD"), runtimePassword = password("WARDOPS_SETUP_RUNTIME_PASSWORD");
        try (Connection c = DriverManager.getConnection(url + "postgres", "postgres", "")) {
            run(c, "SELECT format('CREATE ROLE %I', ?::text) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)", a[1], a[1]);
            run(c, "SELECT format('ALTER ROLE %I LOGIN PASSWORD %L', ?::text, ?::text)", a[1], ownerPassword);
            run(c, "SELECT format('CREATE ROLE %I', ?::text) WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?)", a[2], a[2]);
            run(c, "SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L', ?::text, ?::text)", a[2], runtimePassword);
            run(c, "SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8'' TEMPLATE template0', ?::text, ?::text) "
                    + "WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = ?)", a[3], a[1], a[3]);
        }
        try (Connection c = DriverManager.getConnection(url + a[3], "postgres", "")) {
            run(c, "SELECT format('ALTER SCHEMA public OWNER TO %I', ?::text)", a[1]);
            try (Statement s = c.createStatement()) {
                s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            }
        }
    }
    static String password(String variable) {
        String p = System.getenv(variable);
        if (p == null || p.isEmpty()) throw new IllegalStateException(variable + " is not set");
        return p;
    }
    // runs the statement the query builds (identifiers and literals quoted by the server), if any
    static void run(Connection c, String build, String... params) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(build)) {
            for (int i = 0; i < params.length; i++) p.setString(i + 1, params[i]);
            try (ResultSet r = p.executeQuery(); Statement s = c.createStatement()) {
                while (r.next()) s.execute(r.getString(1));
            }
        }
    }
}
