package ge.wardops.events;

import ge.wardops.inventory.InventoryChanged;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the receivers and the threads that store what they took in: one drains the intake and splits
 * what it took by source address ({@link StoreLanes}) among {@code store-workers} workers; each worker
 * matches its events' source addresses to the inventory (a copy kept in memory and read again after
 * an inventory change), stores them in one transaction and fires {@link EventsStored}. One source's
 * events are always stored, and handed to the rules, by the same worker in the order received. A database that fails is retried three times per batch, then the batch is
 * counted as lost; meanwhile the bounded intake drops and counts, so the receivers never wait.
 * A receiver whose socket cannot be opened (port taken, no permission) is reported in
 * {@link #status()} and the log; the application deploys and works without it.
 */
@Singleton
@Startup
@DependsOn({"SchemaMigration", "MibLibrary"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class EventPipeline {

    private static final Logger LOG = Logger.getLogger(EventPipeline.class.getName());
    private static final int STORE_ATTEMPTS = 3;

    @Resource
    ManagedThreadFactory threads;

    @EJB
    EventWriter writer;

    @EJB
    MibLibrary mibs;

    @Inject
    Event<EventsStored> stored;

    @Inject
    MetricRegistry metrics;

    private EventSettings settings;
    private EventIntake intake;
    private TrapListener traps;
    private SyslogListener syslog;
    private volatile String trapProblem;
    private volatile String syslogProblem;
    /** Why the wardops.events.* settings could not be used (then both receivers are off), or null. */
    private volatile String configProblem;
    private volatile boolean running;
    private Thread drainer;
    private final List<Thread> workers = new ArrayList<>();
    /** Per worker: the batches the drainer handed it, at most two waiting (then the drainer waits and the intake fills). */
    private final List<java.util.concurrent.BlockingQueue<List<ReceivedEvent>>> lanes = new ArrayList<>();
    private final AtomicLong inventoryChanges = new AtomicLong();
    private volatile Map<InetAddress, EventStore.DeviceRef> addresses;
    private long addressesAt = -1;
    private long addressesLoadedNanos;

    @PostConstruct
    void start() {
        EventSettings.Loaded loaded = EventSettings.load(ConfigProvider.getConfig());
        settings = loaded.settings();
        configProblem = loaded.problem();
        if (configProblem != null) {
            // Not thrown: one bad wardops.events.* value must not fail the deployment of everything else.
            LOG.severe("The wardops.events.* settings are invalid (" + configProblem + "); the trap and syslog receivers are off"
                    + " until this is fixed and the application restarted (health check " + "event-receivers" + " is DOWN)");
        }
        intake = new EventIntake(settings);
        registerMetrics();
        housekeeping();
        if (settings.trapEnabled()) {
            try {
                traps = new TrapListener(settings, intake, Clock.systemUTC(), mibs.names());
                LOG.info(() -> "SNMP trap receiver listening on " + settings.trapAddress() + ":" + settings.trapPort() + "/udp");
            } catch (IOException | RuntimeException e) {
                trapProblem = e.toString();
                LOG.log(Level.SEVERE, "The SNMP trap receiver cannot listen on " + settings.trapAddress() + ":" + settings.trapPort()
                        + "; traps are not received until this is fixed and the application restarted", e);
            }
        } else {
            trapProblem = configProblem != null ? "invalid settings: " + configProblem : "disabled (wardops.events.trap.enabled=false)";
        }
        if (settings.syslogEnabled()) {
            try {
                syslog = new SyslogListener(settings, intake, Clock.systemUTC(), threads);
                LOG.info(() -> "Syslog receiver listening on " + settings.syslogAddress() + ":" + settings.syslogPort() + " (udp, tcp)");
            } catch (IOException | RuntimeException e) {
                syslogProblem = e.toString();
                LOG.log(Level.SEVERE, "The syslog receiver cannot listen on " + settings.syslogAddress() + ":" + settings.syslogPort()
                        + "; syslog is not received until this is fixed and the application restarted", e);
            }
        } else {
            syslogProblem = configProblem != null ? "invalid settings: " + configProblem : "disabled (wardops.events.syslog.enabled=false)";
        }
        running = true;
        for (int i = 0; i < settings.storeWorkers(); i++) {
            java.util.concurrent.BlockingQueue<List<ReceivedEvent>> lane = new java.util.concurrent.ArrayBlockingQueue<>(2);
            lanes.add(lane);
            Thread worker = threads.newThread(() -> workLoop(lane));
            worker.start();
            workers.add(worker);
        }
        drainer = threads.newThread(this::drainLoop);
        drainer.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        if (traps != null) {
            try {
                traps.close();
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing the trap receiver", e);
            }
        }
        if (syslog != null) {
            syslog.close();
        }
        List<Thread> all = new ArrayList<>(workers);
        if (drainer != null) {
            all.add(drainer);
        }
        all.forEach(Thread::interrupt);
        for (Thread t : all) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public EventReceiverStatus status() {
        return new EventReceiverStatus(traps != null, settings.trapAddress(), settings.trapPort(), trapProblem, syslog != null,
                settings.syslogAddress(), settings.syslogPort(), syslogProblem, intake.counters());
    }

    /** Why the wardops.events.* settings are invalid (the receivers are then off), or null when they are fine. */
    public String configProblem() {
        return configProblem;
    }

    public EventSettings settings() {
        return settings;
    }

    /** Public: an observer on a session bean must be one of its business methods. */
    public void onInventoryChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) InventoryChanged change) {
        inventoryChanges.incrementAndGet();
    }

    /**
     * Hourly: the next days' partitions exist, the expired days are dropped. The two are separate
     * transactions and separately caught, so one failing never stops the other; failures are logged
     * and retried next hour.
     */
    @Schedule(hour = "*", minute = "17", persistent = false)
    void housekeeping() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try {
            int created = writer.preparePartitions(today, settings.partitionsAheadDays());
            if (created > 0) {
                LOG.info("Event partitions: " + created + " created ahead");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Event partitions could not be prepared; events still land in events_default; retried next hour", e);
        }
        try {
            int dropped = writer.dropExpired(today, settings.retentionDays());
            if (dropped > 0) {
                LOG.info("Event partitions: " + dropped + " expired days dropped (retention " + settings.retentionDays() + " days)");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Expired events could not be dropped; retried next hour", e);
        }
    }

    private void drainLoop() {
        int n = lanes.size();
        // Each worker stores up to batch-size at a time: drain enough that every worker gets a full batch when busy.
        List<ReceivedEvent> batch = new ArrayList<>(settings.batchSize() * n);
        while (running) {
            try {
                batch.clear();
                if (intake.drain(batch, settings.batchSize() * n, 250) > 0) {
                    List<List<ReceivedEvent>> split = n == 1 ? List.of(List.copyOf(batch)) : StoreLanes.split(batch, n);
                    for (int i = 0; i < n; i++) {
                        if (!split.get(i).isEmpty()) {
                            // Waits while that worker is two batches behind: the bounded intake then fills and drops, counted.
                            lanes.get(i).put(split.get(i));
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The event drain loop failed on a batch; continuing", e);
            }
        }
    }

    private void workLoop(java.util.concurrent.BlockingQueue<List<ReceivedEvent>> lane) {
        while (running) {
            try {
                List<ReceivedEvent> batch = lane.poll(250, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (batch != null) {
                    store(batch);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The event store loop failed on a batch; continuing", e);
            }
        }
    }

    private void store(List<ReceivedEvent> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                List<StoredEvent> rows = writer.store(batch, addresses());
                intake.storedOk(rows.size());
                try {
                    stored.fire(new EventsStored(List.copyOf(rows)));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "An observer of stored events failed; the events themselves are stored", e);
                }
                return;
            } catch (RuntimeException e) {
                if (attempt >= STORE_ATTEMPTS || !running) {
                    intake.storeFailed(batch.size());
                    LOG.log(Level.WARNING, batch.size() + " events could not be stored after " + attempt + " attempts; counted as lost", e);
                    return;
                }
                Thread.sleep(500L * attempt);
            }
        }
    }

    /** Synchronized: the workers share the one copy (and read it again once, not each). */
    private synchronized Map<InetAddress, EventStore.DeviceRef> addresses() {
        long changes = inventoryChanges.get();
        long now = System.nanoTime();
        // InventoryChanged is fired on the node that made the change only: another node's copy is read
        // again at least every address-reload-seconds.
        if (addresses == null || addressesAt != changes
                || now - addressesLoadedNanos > java.util.concurrent.TimeUnit.SECONDS.toNanos(settings.addressReloadSeconds())) {
            addresses = writer.addresses();
            addressesAt = changes;
            addressesLoadedNanos = now;
        }
        return addresses;
    }

    private void registerMetrics() {
        metrics.gauge("wardops_events_received", () -> intake.counters().received());
        metrics.gauge("wardops_events_queued", () -> intake.counters().queued());
        metrics.gauge("wardops_events_stored", () -> intake.counters().stored());
        metrics.gauge("wardops_events_dropped_queue_full", () -> intake.counters().droppedQueueFull());
        metrics.gauge("wardops_events_dropped_rate_limited", () -> intake.counters().droppedRateLimited());
        metrics.gauge("wardops_events_malformed", () -> intake.counters().malformed());
        metrics.gauge("wardops_events_refused", () -> intake.counters().refused());
        metrics.gauge("wardops_events_store_failures", () -> intake.counters().storeFailures());
    }
}
