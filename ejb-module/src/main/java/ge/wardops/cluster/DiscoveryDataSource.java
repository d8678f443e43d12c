package ge.wardops.cluster;

import org.jgroups.protocols.JDBC_PING2;

import javax.sql.DataSource;
import java.util.function.Function;

/**
 * Hands JDBC_PING2 the application's own data source (JGroups builds the protocol from the stack's
 * XML and asks this class, named in {@code datasource_injecter_class}, for its connections): the
 * discovery rows go through the same pool, as the same runtime role, as every other query.
 */
public final class DiscoveryDataSource implements Function<JDBC_PING2, DataSource> {

    private static volatile DataSource current;

    static void use(DataSource dataSource) {
        current = dataSource;
    }

    @Override
    public DataSource apply(JDBC_PING2 protocol) {
        DataSource ds = current;
        if (ds == null) {
            throw new IllegalStateException("cluster discovery over the database was started without the application's data source");
        }
        return ds;
    }
}
