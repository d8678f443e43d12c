package ge.wardops.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.ZoneId;

/**
 * The one home of the settings of the bank as a whole that several capabilities read: its time zone
 * ({@code wardops.timezone}), in which the console shows times, notices word them and recurring
 * maintenance windows are laid out; storage, the API, the feeds and CSV contents stay in UTC.
 */
@ApplicationScoped
public class SiteSettings {

    /** Default Asia/Tbilisi: the bank's head office. */
    @Inject
    @ConfigProperty(name = "wardops.timezone", defaultValue = "Asia/Tbilisi")
    String timezone;

    public ZoneId zone() {
        return ZoneId.of(timezone);
    }
}
