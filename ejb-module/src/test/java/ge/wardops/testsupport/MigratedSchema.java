package ge.wardops.testsupport;

import org.flywaydb.core.Flyway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A schema of its own in the test database (test.db.url), dropped and migrated afresh by the
 * real Flyway migrations, with a connection whose search path is that schema.
 */
public record MigratedSchema(String name, String url, String user, String password, Connection connection) {

    public static MigratedSchema fresh(String name) throws SQLException {
        String url = System.getProperty("test.db.url", "jdbc:postgresql://127.0.0.1:5432/wardops_test");
        String user = System.getProperty("test.db.user", "wardops");
        String password = System.getProperty("test.db.password", "wardops");
        Connection db = DriverManager.getConnection(url, user, password);
        try (Statement s = db.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
        Flyway.configure().dataSource(url, user, password).schemas(name).locations("classpath:db/migration").load().migrate();
        try (Statement s = db.createStatement()) {
            s.execute("SET search_path TO " + name);
        }
        return new MigratedSchema(name, url, user, password, db);
    }

    /** The application's runtime role (test.db.runtime.user), which owns nothing. */
    public static String runtimeUser() {
        return System.getProperty("test.db.runtime.user", "wardops_runtime");
    }

    /**
     * A connection as the application's runtime role, with its rights in this schema granted by the
     * owner first, exactly as the application's start-up grants them (RuntimeGrants).
     */
    public Connection runtimeConnection() throws SQLException {
        ge.wardops.schema.RuntimeGrants.apply(connection, name, runtimeUser());
        return DriverManager.getConnection(schemaUrl(), runtimeUser(),
                System.getProperty("test.db.runtime.password", "wardops_runtime"));
    }

    /** The JDBC URL with this schema as the search path, for a second client (e.g. Hibernate). */
    public String schemaUrl() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }
}
