package ge.wardops.schema;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;

/**
 * Brings the database schema to the version this EAR expects, before anything else touches it.
 * Deploying a newer EAR is therefore the whole upgrade procedure; Flyway refuses to run a
 * changed migration, so a schema that drifted from the scripts stops the deployment loudly.
 * <p>
 * The application's pool ({@code jdbc/wardops}) connects as a runtime role that owns nothing.
 * Migrations run as the schema's owner, through a second data source used only here, at start-up
 * ({@code wardops.db.owner-datasource}, default {@code jdbc/wardops-owner}); after migrating, the
 * owner grants the runtime role its rights ({@link RuntimeGrants}). Without that data source the
 * runtime pool migrates, which works only when nothing is pending or when one role does
 * everything (then the audit log is not protected from the pool's account, and the log says so).
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigration {

    private static final Logger LOG = Logger.getLogger(SchemaMigration.class.getName());

    @Resource(lookup = "jdbc/wardops")
    DataSource dataSource;

    @Inject
    SchemaSettings settings;

    @PostConstruct
    void migrate() {
        DataSource owner = lookup(settings.ownerDataSource());
        MigrateResult result = flyway(owner != null ? owner : dataSource).migrate();
        LOG.info(() -> "Schema at version " + result.targetSchemaVersion
                + " (" + result.migrationsExecuted + " migrations applied now" + (owner != null ? " as the owner" : "") + ")");
        try {
            String runtimeRole = currentUser(dataSource);
            if (owner == null) {
                if (ownsAuditLog(dataSource)) {
                    LOG.warning("The application's database account " + runtimeRole + " owns the audit log, so anyone "
                            + "with the pool's password can switch its protection off (the keyed chain and the anchors "
                            + "still detect it). Give the application a runtime role and migrate as the owner: docs/deploy.md");
                }
                return;
            }
            try (Connection db = owner.getConnection()) {
                String ownerRole = currentUser(db);
                if (ownerRole.equals(runtimeRole)) {
                    LOG.warning(settings.ownerDataSource() + " and jdbc/wardops connect as the same role " + ownerRole
                            + "; the application's pool should use a runtime role that owns nothing (docs/deploy.md)");
                    return;
                }
                RuntimeGrants.apply(db, currentSchema(db), runtimeRole);
                LOG.info(() -> "Runtime role " + runtimeRole + " granted its rights by the owner " + ownerRole);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the runtime role's rights could not be checked or granted: " + e.getMessage(), e);
        }
    }

    private static Flyway flyway(DataSource ds) {
        return Flyway.configure(SchemaMigration.class.getClassLoader())
                .dataSource(ds)
                .locations("classpath:db/migration")
                .failOnMissingLocations(true)
                .load();
    }

    private static DataSource lookup(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        try {
            return (DataSource) new InitialContext().lookup(name);
        } catch (NamingException notConfigured) {
            LOG.info(() -> "No " + name + " data source: migrations run as the application's own role");
            return null;
        }
    }

    private static String currentUser(DataSource ds) throws SQLException {
        try (Connection db = ds.getConnection()) {
            return currentUser(db);
        }
    }

    private static String currentUser(Connection db) throws SQLException {
        return single(db, "SELECT current_user");
    }

    private static String currentSchema(Connection db) throws SQLException {
        return single(db, "SELECT current_schema()");
    }

    private static boolean ownsAuditLog(DataSource ds) throws SQLException {
        try (Connection db = ds.getConnection()) {
            return "t".equals(single(db, "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables "
                    + "WHERE tablename = 'audit_events' AND schemaname = current_schema()"));
        }
    }

    private static String single(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
