package ge.wardops.probe;

import ge.wardops.cluster.ClusterNode;
import ge.wardops.cluster.ClusterSignals;
import ge.wardops.cluster.Ownership;
import ge.wardops.devicestate.Debounce;
import ge.wardops.devicestate.DeviceState;
import ge.wardops.devicestate.DeviceStateChanged;
import ge.wardops.devicestate.DeviceStates;
import ge.wardops.devicestate.StateChangeRecorder;
import ge.wardops.devicestate.StateChanges;
import ge.wardops.inventory.MonitoredDevice;
import ge.wardops.inventory.MonitoredDevices;
import ge.wardops.metrics.Sample;
import ge.wardops.metrics.SampleArchive;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The availability poller: every {@code wardops.probe.icmp.interval-seconds} it takes every
 * enabled device, pings the whole batch with one prober call, updates the live states with
 * debounce, writes the round's state changes to PostgreSQL in one batch, fires one
 * {@link StateChanges} event (every round, even without changes) and archives the samples in VictoriaMetrics.
 * <p>
 * A round that outlasts the interval is never stacked on: the tick that finds a round still
 * running is skipped (and counted), so a slow round delays the next one instead.
 * <p>
 * In a cluster each node probes only the devices of the branches it owns ({@link ClusterNode}), and
 * every node's rounds start on the same wall-clock boundaries (multiples of the interval), so a
 * change of ownership takes effect at a round boundary: a device's samples never come from two
 * nodes in one interval, and a dead node's devices are probed by the others from their next round.
 */
@Singleton
@Startup
// ClusterNode comes through DeviceStates and ClusterSignals (LocalCaches): naming it here too makes
// Payara's startup ordering report a cycle that is not there.
@DependsOn({"DeviceStates", "SampleArchive", "ClusterSignals"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AvailabilityRounds {

    private static final Logger LOG = Logger.getLogger(AvailabilityRounds.class.getName());
    private static final int ROUNDS_PER_SUMMARY = 60;

    @Inject
    IcmpRoundSettings settings;

    @Resource
    TimerService timers;

    @EJB
    MonitoredDevices devices;

    @EJB
    DeviceStates states;

    @EJB
    StateChangeRecorder recorder;

    @Inject
    Event<StateChanges> changesEvent;

    @EJB
    SampleArchive archive;

    @Inject
    MetricRegistry metrics;

    @Inject
    Event<ProbingFailing> probingFailing;

    @EJB
    ClusterNode cluster;

    @EJB
    ClusterSignals signals;

    private final AtomicLong lastRoundMillis = new AtomicLong();
    private final AtomicLong lastRoundDevices = new AtomicLong();
    private final AtomicLong lastRoundFleet = new AtomicLong();
    private final AtomicLong lastRoundLagMillis = new AtomicLong();
    private final AtomicLong lastConfirmationMillis = new AtomicLong();
    private final AtomicLong lastConfirmationDevices = new AtomicLong();
    private Counter rounds;
    private RoundGuard guard;
    private AvailabilityProber prober;
    private RoundConfirmation confirmation;
    private Debounce debounce;
    private volatile ProbeRoundSummary lastRound;

    @PostConstruct
    void start() {
        debounce = new Debounce(settings.downAfterRounds(), settings.upAfterRounds());
        IcmpSettings fping = settings.fping();
        prober = new FpingProber(fping);
        confirmation = new RoundConfirmation(new FpingProber(fping.forConfirmation()), debounce, fping.confirmation().probes(),
                Duration.ofMillis(fping.confirmation().gapMs()));
        rounds = metrics.counter("wardops_icmp_rounds");
        guard = new RoundGuard("Availability", "wardops_icmp", metrics);
        metrics.gauge("wardops_icmp_round_duration_ms", lastRoundMillis::get);
        metrics.gauge("wardops_icmp_round_devices", lastRoundDevices::get);
        metrics.gauge("wardops_icmp_round_lag_ms", lastRoundLagMillis::get);
        metrics.gauge("wardops_icmp_confirmation_ms", lastConfirmationMillis::get);
        metrics.gauge("wardops_icmp_confirmation_devices", lastConfirmationDevices::get);
        if (settings.enabled()) {
            long interval = settings.interval().toMillis();
            TimerConfig config = new TimerConfig("icmp-availability", false);
            if (cluster.clustered()) {
                timers.createIntervalTimer(new java.util.Date(firstBoundary(System.currentTimeMillis(), interval)), interval, config);
            } else {
                timers.createIntervalTimer(Math.min(5_000, interval), interval, config);
            }
        }
    }

    /**
     * In a cluster, the first round's moment: the next multiple of the interval since the epoch at
     * least 2 s away, so every node's rounds start on the same boundaries (the nodes' clocks kept by
     * NTP, as a bank's are).
     */
    static long firstBoundary(long nowMillis, long intervalMillis) {
        long next = (nowMillis / intervalMillis + 1) * intervalMillis;
        return next - nowMillis < 2_000 ? next + intervalMillis : next;
    }

    @Timeout
    void tick(Timer timer) {
        int failedBefore = guard.health().consecutiveFailures();
        guard.tick(() -> runRound(Instant.now()));
        RoundHealth after = guard.health();
        if (after.consecutiveFailures() > failedBefore && after.consecutiveFailures() >= settings.failedRoundsAlert()) {
            try {
                probingFailing.fire(new ProbingFailing(after.consecutiveFailures(), after.lastError(), after.lastFailureAt()));
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.WARNING, "An observer of the probing failure failed", e);
            }
        }
    }

    /** How many enabled devices this node probed in its last round, and how many there are in all. */
    public int[] lastRoundShare() {
        return new int[] {(int) lastRoundDevices.get(), (int) lastRoundFleet.get()};
    }

    /** Whether the rounds work, and what the last one saw. */
    public ProbingStatus status() {
        return new ProbingStatus(settings.enabled(), settings.interval(), settings.failedRoundsAlert(), guard.health(), lastRound);
    }

    /**
     * One full round over every enabled device, then the confirmation of what it left undecided
     * ({@link RoundConfirmation}); public for the benchmark and tests. The state changes carry the
     * moment of the probe that decided them; the samples are the full round's only, so every device
     * has one sample per round and availability over a window stays a plain share of rounds.
     */
    public RoundReport runRound(Instant started) {
        long t0 = System.nanoTime();
        List<MonitoredDevice> all = devices.enabled();
        List<MonitoredDevice> fleet = all;
        if (cluster.clustered()) {
            // A round that begins while a member joins decides on the settled ownership.
            cluster.awaitSettled(Duration.ofSeconds(2));
            Ownership owned = cluster.ownership();
            fleet = all.stream().filter(d -> owned.ownsBranch(d.branchId())).toList();
        }
        lastRoundFleet.set(all.size());
        List<ProbeTarget> targets = new ArrayList<>(fleet.size());
        for (MonitoredDevice d : fleet) {
            targets.add(new ProbeTarget(d.id(), d.address()));
        }
        long listed = System.nanoTime();
        List<PingResult> results = targets.isEmpty() ? List.of() : prober.probe(targets);
        long probed = System.nanoTime();

        Map<Long, MonitoredDevice> byId = new HashMap<>(fleet.size() * 2);
        fleet.forEach(d -> byId.put(d.id(), d));
        Map<Long, DeviceState> before = states.getAll(new HashSet<>(byId.keySet()));
        Map<Long, DeviceState> after = new HashMap<>(results.size() * 2);
        List<Sample> samples = new ArrayList<>(results.size() * 3);
        for (PingResult r : results) {
            DeviceState previous = before.getOrDefault(r.deviceId(), DeviceState.unknown(r.deviceId(), started));
            after.put(r.deviceId(), debounce.next(previous, r.reachable(), r.rttAvgMs(), r.lossPercent(), r.at()));
            samples.addAll(PingSamples.of(byId.get(r.deviceId()), r));
        }
        RoundConfirmation.Outcome confirmed = confirm(after, fleet);
        List<DeviceStateChanged> changes = new ArrayList<>();
        for (DeviceState next : after.values()) {
            DeviceState previous = before.getOrDefault(next.deviceId(), DeviceState.unknown(next.deviceId(), started));
            if (next.status() != previous.status()) {
                changes.add(new DeviceStateChanged(next.deviceId(), previous.status(), next.status(), next.since(), next.rttMs(),
                        next.lossPercent()));
            }
        }
        states.putAll(after);
        int up = 0;
        int down = 0;
        for (DeviceState s : after.values()) {
            switch (s.status()) {
                case UP -> up++;
                case DOWN -> down++;
                default -> { }
            }
        }
        recorder.record(changes);
        // Fired every round, changes or not: the alert engine evaluates RTT, loss and FOR timers each round.
        // Stamped when the states were decided (after the confirmation), not when the round began: an
        // alert is never older than the state change it is about.
        StateChanges round = new StateChanges(Instant.now(), List.copyOf(changes));
        changesEvent.fire(round);
        // The other nodes' feed clients see this node's changes; their readers know the states moved.
        signals.publish(round);
        long published = System.nanoTime();
        archive.write(samples);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        rounds.inc();
        lastRoundMillis.set(millis);
        lastRoundDevices.set(results.size());
        lastRoundLagMillis.set(Math.max(0, Duration.between(started, Instant.now()).toMillis() - millis));
        lastRound = new ProbeRoundSummary(started, results.size(), up, down, results.size() - up - down, millis);
        RoundReport report = new RoundReport(results.size(), changes.size(), samples.size(), millis, (listed - t0) / 1_000_000,
                (probed - listed) / 1_000_000, confirmed.devices(), confirmed.probes(), confirmed.millis(),
                (published - t0) / 1_000_000);
        if (millis > settings.interval().toMillis()) {
            LOG.warning(() -> "Availability round took " + millis + " ms, longer than the " + settings.interval().toSeconds() + " s interval: " + report);
        } else if (!changes.isEmpty() || rounds.getCount() % ROUNDS_PER_SUMMARY == 1) {
            // Every change, and otherwise a heartbeat every ten minutes or so, not a line every 10 s.
            LOG.info(report::toString);
        } else {
            LOG.fine(report::toString);
        }
        return report;
    }

    private RoundConfirmation.Outcome confirm(Map<Long, DeviceState> after, List<MonitoredDevice> fleet) {
        Map<Long, InetAddress> addresses = new HashMap<>(fleet.size() * 2);
        Map<Long, Long> parentOf = new HashMap<>();
        for (MonitoredDevice d : fleet) {
            addresses.put(d.id(), d.address());
            if (d.parentId() != null) {
                parentOf.put(d.id(), d.parentId());
            }
        }
        RoundConfirmation.Outcome outcome = confirmation.confirm(after, addresses, parentOf);
        lastConfirmationMillis.set(outcome.millis());
        lastConfirmationDevices.set(outcome.devices());
        return outcome;
    }

    /**
     * What one round did, for logs, metrics and the benchmark, with where its time went: reading the
     * inventory ({@code listMillis}), the round's fping ({@code probeMillis}), the confirmation
     * ({@code confirmMillis} for {@code confirmedDevices} devices in {@code confirmProbes} probes);
     * {@code publishedMillis} after the start the states, change rows and event were out, and
     * {@code millis} in all (the samples' archive write comes last).
     */
    public record RoundReport(int devices, int changes, int samples, long millis, long listMillis, long probeMillis,
                              int confirmedDevices, int confirmProbes, long confirmMillis, long publishedMillis) {
    }
}
