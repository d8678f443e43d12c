package ge.wardops.feed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The one home of the live feeds' settings ({@code wardops.feed.*}; the allowed origins are a guard
 * of the web module, in {@link ge.wardops.security.SecuritySettings}). Each default's reason is in
 * docs/configuration.md.
 */
@ApplicationScoped
public class FeedSettings {

    @Inject
    @ConfigProperty(name = "wardops.feed.queue-capacity", defaultValue = "64")
    int queueCapacity;

    @Inject
    @ConfigProperty(name = "wardops.feed.heartbeat-seconds", defaultValue = "30")
    int heartbeatSeconds;

    public int queueCapacity() {
        return queueCapacity;
    }

    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }
}
