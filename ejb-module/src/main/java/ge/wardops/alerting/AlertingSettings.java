package ge.wardops.alerting;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/**
 * The one home of the alerting settings ({@code wardops.alerting.*}); each default's reason is beside
 * it and in docs/configuration.md. The bank's time zone, which recurring maintenance windows are laid
 * out in, is {@link ge.wardops.shared.SiteSettings}'.
 */
@ApplicationScoped
public class AlertingSettings {

    /** {@code false}: no rule is evaluated (the API still works). */
    @Inject
    @ConfigProperty(name = "wardops.alerting.enabled", defaultValue = "true")
    boolean enabled;

    /** More status changes than this within the window is flapping: five in ten minutes is an unstable link, not an outage. */
    @Inject
    @ConfigProperty(name = "wardops.alerting.flap-changes", defaultValue = "5")
    int flapChanges;

    /** The flapping window, and how long a flapping device must be quiet to be stable again. */
    @Inject
    @ConfigProperty(name = "wardops.alerting.flap-window-seconds", defaultValue = "600")
    int flapWindowSeconds;

    /** Availability over hours moves slowly: every 6th round (once a minute at 10 s), one query per window for the fleet. */
    @Inject
    @ConfigProperty(name = "wardops.alerting.availability-every-rounds", defaultValue = "6")
    int availabilityEveryRounds;

    /** The longest rules, windows and the inventory copy are kept without reloading. */
    @Inject
    @ConfigProperty(name = "wardops.alerting.reload-seconds", defaultValue = "60")
    int reloadSeconds;

    /**
     * One outage, one page: a device's alert waits at most this long for its topology parent's
     * verdict while the parent is still being decided, and an alert that fired at most this long
     * before its parent's alert is suppressed under it afterwards (its notification withdrawn if
     * still queued). The probe's confirmation decides a parent within seconds of its children, so
     * the hold is only reached when that confirmation could not run; 30 s covers two rounds more.
     */
    @Inject
    @ConfigProperty(name = "wardops.alerting.parent-hold-seconds", defaultValue = "30")
    int parentHoldSeconds;

    /** Create the default alert rules on the first start (once per database); {@code false} for an installation that brings its own. */
    @Inject
    @ConfigProperty(name = "wardops.alerting.defaults.enabled", defaultValue = "true")
    boolean defaultRules;

    /** Recipients (comma-separated) of the e-mail channel and route created with the default rules; unset, no one is notified. */
    @Inject
    @ConfigProperty(name = "wardops.alerting.defaults.email")
    Optional<String> defaultsEmail;

    public boolean enabled() {
        return enabled;
    }

    public int flapChanges() {
        return flapChanges;
    }

    public Duration flapWindow() {
        return Duration.ofSeconds(flapWindowSeconds);
    }

    public int availabilityEveryRounds() {
        return Math.max(1, availabilityEveryRounds);
    }

    public Duration reloadAfter() {
        return Duration.ofSeconds(reloadSeconds);
    }

    public Duration parentHold() {
        return Duration.ofSeconds(Math.max(0, parentHoldSeconds));
    }

    public boolean defaultRules() {
        return defaultRules;
    }

    public Optional<String> defaultsEmail() {
        return defaultsEmail;
    }
}
