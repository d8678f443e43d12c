package ge.wardops.inventory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one home of the inventory's settings: the device import's limits ({@code wardops.import.*}),
 * read by the import itself and by the web module's body-size filter, and the demo fleet
 * ({@code wardops.demo.*}).
 */
@ApplicationScoped
public class InventorySettings {

    /** Largest CSV upload: 20 MiB, about 150,000 device rows. */
    @Inject
    @ConfigProperty(name = "wardops.import.max-bytes", defaultValue = "20971520")
    long maxBytes;

    /** Rows per import file; the whole file is written in one transaction. */
    @Inject
    @ConfigProperty(name = "wardops.import.max-rows", defaultValue = "50000")
    int maxRows;

    @Inject
    @ConfigProperty(name = "wardops.demo.devices", defaultValue = "0")
    int demoDevices;

    @Inject
    @ConfigProperty(name = "wardops.demo.branches", defaultValue = "128")
    int demoBranches;

    public long maxBytes() {
        return maxBytes;
    }

    public int maxRows() {
        return maxRows;
    }

    public int demoDevices() {
        return demoDevices;
    }

    public int demoBranches() {
        return demoBranches;
    }
}
