package ge.wardops.schema;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one home of the schema migration's settings: which data source migrates (it must own the schema). */
@ApplicationScoped
public class SchemaSettings {

    @Inject
    @ConfigProperty(name = "wardops.db.owner-datasource", defaultValue = "jdbc/wardops-owner")
    String ownerDataSource;

    public String ownerDataSource() {
        return ownerDataSource;
    }
}
