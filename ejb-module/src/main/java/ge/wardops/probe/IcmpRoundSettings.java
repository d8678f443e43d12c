package ge.wardops.probe;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The one home of the ICMP settings ({@code wardops.probe.icmp.*}): the availability rounds' own
 * (interval, debounce, failure alert) with their defaults here, and fping's, whose defaults are
 * {@link IcmpSettings#defaults()} alone (each reason is written there): an unset fping key keeps that
 * default, so there is one source of it. docs/configuration.md lists them all.
 */
@ApplicationScoped
public class IcmpRoundSettings {

    /** One round over every enabled device every 10 s; 10,000 devices take ~3.6 s of it (docs/performance.md). */
    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.interval-seconds", defaultValue = "10")
    int intervalSeconds;

    /** {@code false}: nothing is pinged (no availability timer). */
    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.enabled", defaultValue = "true")
    boolean enabled;

    /**
     * Observations without an answer before a device is DOWN: a failed round and its confirmation
     * (IcmpSettings.Confirmation), 11 packets over ~1.4 s; one bad round is not an outage.
     */
    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.down-after-rounds", defaultValue = "2")
    int downAfterRounds;

    /** Good rounds before a DOWN device is UP again: no flapping. */
    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.up-after-rounds", defaultValue = "2")
    int upAfterRounds;

    /**
     * Rounds failed in a row (fping missing, killed) before probing counts as failed: health DOWN, a
     * system alert. Three, ~30 s: a single broken round is not yet a broken prober.
     */
    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.failed-rounds-alert", defaultValue = "3")
    int failedRoundsAlert;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.fping")
    Optional<String> fping;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.count")
    Optional<Integer> count;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.timeout-ms")
    Optional<Integer> timeoutMs;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.retries")
    Optional<Integer> retries;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.period-ms")
    Optional<Integer> periodMs;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.interval-ms")
    Optional<Double> packetIntervalMs;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.chunk-size")
    Optional<Integer> chunkSize;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.processes")
    Optional<Integer> processes;

    // Confirmation probes: defaults and reasons in IcmpSettings.Confirmation.defaults() alone.
    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.confirm-probes")
    Optional<Integer> confirmProbes;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.confirm-gap-ms")
    Optional<Integer> confirmGapMs;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.confirm-count")
    Optional<Integer> confirmCount;

    @Inject
    @ConfigProperty(name = "wardops.probe.icmp.confirm-period-ms")
    Optional<Integer> confirmPeriodMs;

    /** How fping is run: {@link IcmpSettings#defaults()} with whatever is configured. */
    public IcmpSettings fping() {
        IcmpSettings d = IcmpSettings.defaults();
        return new IcmpSettings(fping.map(Path::of).orElse(d.fpingPath()), count.orElse(d.count()), timeoutMs.orElse(d.timeoutMs()),
                periodMs.orElse(d.periodMs()), packetIntervalMs.orElse(d.intervalMs()), retries.orElse(d.retries()),
                chunkSize.orElse(d.chunkSize()), processes.orElse(d.parallelProcesses()), d.processTimeout(), confirmation());
    }

    /** How the devices a round left undecided are confirmed: {@link IcmpSettings.Confirmation#defaults()} with what is configured. */
    public IcmpSettings.Confirmation confirmation() {
        IcmpSettings.Confirmation d = IcmpSettings.Confirmation.defaults();
        return new IcmpSettings.Confirmation(confirmProbes.orElse(d.probes()), confirmGapMs.orElse(d.gapMs()),
                confirmCount.orElse(d.count()), confirmPeriodMs.orElse(d.periodMs()));
    }

    public Duration interval() {
        return Duration.ofSeconds(intervalSeconds);
    }

    public boolean enabled() {
        return enabled;
    }

    public int downAfterRounds() {
        return downAfterRounds;
    }

    public int upAfterRounds() {
        return upAfterRounds;
    }

    public int failedRoundsAlert() {
        return failedRoundsAlert;
    }
}
