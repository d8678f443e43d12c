package ge.wardops.probe;

import ge.wardops.inventory.MonitoredDevice;
import ge.wardops.inventory.MonitoredDevices;
import ge.wardops.inventory.SnmpDevice;
import ge.wardops.inventory.credentials.SnmpCredentialStore;
import ge.wardops.metrics.Sample;
import ge.wardops.metrics.SampleArchive;
import ge.wardops.probe.snmp.CounterRates;
import ge.wardops.inventory.credentials.SnmpCredentials;
import ge.wardops.probe.snmp.SnmpItem;
import ge.wardops.probe.snmp.SnmpPollResult;
import ge.wardops.probe.snmp.SnmpPoller;
import ge.wardops.probe.snmp.SnmpPollerSettings;
import ge.wardops.probe.snmp.SnmpTarget;
import ge.wardops.probe.snmp.SnmpTemplates;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The SNMP collector, separate from the availability poller (as OpenNMS keeps its poller and
 * collector apart): every {@code wardops.probe.snmp.interval-seconds} it polls every enabled
 * device that has SNMP credentials, with the items of its vendor's template, all devices of a
 * template in one asynchronous batch on one UDP session. Gauges and statuses are archived as
 * they are, counters as per-second rates; a device that does not answer is a
 * {@code wardops_snmp_up 0} sample, never a blocked round.
 */
@Singleton
@Startup
@DependsOn({"SampleArchive", "ClusterNode"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SnmpCollectionRounds {

    private static final Logger LOG = Logger.getLogger(SnmpCollectionRounds.class.getName());

    @Inject
    SnmpRoundSettings settings;

    @Resource
    TimerService timers;

    @EJB
    ge.wardops.cluster.ClusterNode cluster;

    @EJB
    MonitoredDevices devices;

    @EJB
    SnmpCredentialStore credentials;

    @EJB
    SampleArchive archive;

    @Inject
    MetricRegistry metrics;

    @Inject
    LatestSnmpValues latest;

    private final AtomicLong lastRoundMillis = new AtomicLong();
    private final AtomicLong lastRoundDevices = new AtomicLong();
    private final AtomicLong lastRoundFailures = new AtomicLong();
    private final CounterRates rates = new CounterRates();
    private SnmpTemplates templates;
    private SnmpPoller poller;
    private RoundGuard guard;

    @PostConstruct
    void start() {
        templates = SnmpTemplates.load();
        try {
            poller = new SnmpPoller(settings.poller());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the SNMP collector's UDP socket", e);
        }
        guard = new RoundGuard("SNMP", "wardops_snmp", metrics);
        metrics.gauge("wardops_snmp_round_duration_ms", lastRoundMillis::get);
        metrics.gauge("wardops_snmp_round_devices", lastRoundDevices::get);
        metrics.gauge("wardops_snmp_round_failed_devices", lastRoundFailures::get);
        if (settings.enabled()) {
            long period = settings.interval().toMillis();
            timers.createIntervalTimer(Math.min(period, 5_000), period, new TimerConfig("snmp-collection", false));
        }
    }

    @PreDestroy
    void stop() {
        poller.close();
    }

    @Timeout
    void tick() {
        guard.tick(this::runRound);
    }

    /** How the collection rounds have gone, and whether they run at all; for the health checks. */
    public RoundHealth health() {
        return guard.health();
    }

    public boolean enabled() {
        return settings.enabled();
    }

    public Duration interval() {
        return settings.interval();
    }

    /** One collection over every SNMP device (in a cluster: of this node's branches); answers how many devices were polled. */
    public int runRound() throws InterruptedException {
        long t0 = System.nanoTime();
        List<SnmpDevice> fleet = devices.snmpPolled();
        if (cluster.clustered()) {
            // Each node polls the devices of the branches it owns, as it pings them.
            ge.wardops.cluster.Ownership owned = cluster.ownership();
            fleet = fleet.stream().filter(d -> owned.ownsBranch(d.device().branchId())).toList();
        }
        Map<Long, SnmpCredentials> secrets = credentials.decrypted(fleet.stream().map(SnmpDevice::credentialId).collect(Collectors.toSet()));
        Map<String, List<SnmpTarget>> byTemplate = new LinkedHashMap<>();
        Map<Long, MonitoredDevice> labelsOf = new HashMap<>();
        for (SnmpDevice d : fleet) {
            SnmpCredentials secret = secrets.get(d.credentialId());
            if (secret == null) {
                continue; // unreadable credential: logged by the store, nothing to poll with
            }
            labelsOf.put(d.device().id(), d.device());
            byTemplate.computeIfAbsent(templates.templateFor(d.vendor()), t -> new ArrayList<>())
                    .add(new SnmpTarget(d.device().id(), d.device().address(), d.port(), secret));
        }
        List<CompletableFuture<List<SnmpPollResult>>> polls = new ArrayList<>();
        List<List<SnmpItem>> itemsOf = new ArrayList<>();
        byTemplate.forEach((template, targets) -> {
            List<SnmpItem> items = templates.items(template);
            itemsOf.add(items);
            polls.add(poller.poll(targets, items));
        });
        List<Sample> samples = new ArrayList<>();
        int failed = 0;
        int polled = 0;
        Duration wait = SnmpPollerSettings.defaults().maxPollTime().plusSeconds(10);
        for (CompletableFuture<List<SnmpPollResult>> poll : polls) {
            List<SnmpPollResult> results;
            try {
                results = poll.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.log(Level.WARNING, "An SNMP batch did not complete; its devices are skipped this round", e);
                continue;
            }
            for (SnmpPollResult r : results) {
                polled++;
                if (!r.succeeded()) {
                    failed++;
                }
                List<CounterRates.Rate> deviceRates = rates.update(r);
                latest.update(r, deviceRates);
                samples.addAll(SnmpSamples.of(labelsOf.get(r.deviceId()), r, deviceRates));
            }
        }
        secrets.values().forEach(SnmpCredentials::wipe);
        rates.forgetOlderThan(Instant.now().minus(settings.interval().multipliedBy(3)));
        archive.write(samples);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        lastRoundMillis.set(millis);
        lastRoundDevices.set(polled);
        lastRoundFailures.set(failed);
        int p = polled;
        int f = failed;
        LOG.fine(() -> "SNMP round: " + p + " devices, " + f + " failed, " + samples.size() + " samples, " + millis + " ms");
        return polled;
    }
}
