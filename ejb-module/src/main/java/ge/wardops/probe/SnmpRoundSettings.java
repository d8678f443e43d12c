package ge.wardops.probe;

import ge.wardops.probe.snmp.SnmpPollerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;

/**
 * The one home of the SNMP collector's settings ({@code wardops.probe.snmp.*}): the rounds' own with
 * their defaults here, and the poller's, whose defaults are {@link SnmpPollerSettings#defaults()}
 * alone (each reason is written there). docs/configuration.md lists them all.
 */
@ApplicationScoped
public class SnmpRoundSettings {

    /** Counters and gauges once a minute: the resolution interface graphs need, at a load agents tolerate. */
    @Inject
    @ConfigProperty(name = "wardops.probe.snmp.interval-seconds", defaultValue = "60")
    int intervalSeconds;

    /** The SNMP collector (devices with SNMP credentials only). */
    @Inject
    @ConfigProperty(name = "wardops.probe.snmp.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "wardops.probe.snmp.timeout-ms")
    Optional<Long> timeoutMs;

    @Inject
    @ConfigProperty(name = "wardops.probe.snmp.retries")
    Optional<Integer> retries;

    @Inject
    @ConfigProperty(name = "wardops.probe.snmp.max-in-flight")
    Optional<Integer> maxInFlight;

    /** How the poller works: {@link SnmpPollerSettings#defaults()} with whatever is configured. */
    public SnmpPollerSettings poller() {
        SnmpPollerSettings d = SnmpPollerSettings.defaults();
        return d.withTimeout(timeoutMs.map(Duration::ofMillis).orElse(d.timeout()), retries.orElse(d.retries()))
                .withMaxInFlight(maxInFlight.orElse(d.maxInFlight()));
    }

    public Duration interval() {
        return Duration.ofSeconds(intervalSeconds);
    }

    public boolean enabled() {
        return enabled;
    }
}
