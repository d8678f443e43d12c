package ge.wardops.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one home of the live answers' setting; its reason is in docs/configuration.md ("Live list and dashboard"). */
@ApplicationScoped
public class LiveAnswersSettings {

    /**
     * Fleets this large (all regions) have their list and stats rebuilt in the background after a probe
     * round; below it a rebuild takes a few milliseconds and every answer is the newest.
     */
    @Inject
    @ConfigProperty(name = "wardops.live.background-rebuild-devices", defaultValue = "500")
    int backgroundRebuildDevices;

    public int backgroundRebuildDevices() {
        return backgroundRebuildDevices;
    }
}
