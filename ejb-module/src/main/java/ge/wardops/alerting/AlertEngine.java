package ge.wardops.alerting;

import ge.wardops.audit.AuditChainBroken;
import ge.wardops.devicestate.DeviceState;
import ge.wardops.devicestate.DeviceStateChanged;
import ge.wardops.devicestate.DeviceStates;
import ge.wardops.devicestate.DeviceStatus;
import ge.wardops.devicestate.StateChanges;
import ge.wardops.inventory.InventoryChanged;
import ge.wardops.metrics.VictoriaMetricsUnavailableException;
import ge.wardops.probe.LatestSnmpValues;
import ge.wardops.probe.ProbingFailing;
import ge.wardops.security.RegionScope;
import ge.wardops.shared.SiteSettings;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The alert engine: once per probe round (the {@link StateChanges} event) it evaluates every
 * enabled rule over the whole fleet in memory, writes what changed in one transaction of a
 * bounded number of statements, and then, committed, fires one {@link AlertTransition} per change.
 * Rules, maintenance windows, the inventory copy and the open alerts are kept in memory and
 * reloaded only when they change (and at the latest every {@code wardops.alerting.reload-seconds},
 * which bounds staleness on another node of a cluster). A failing round is logged and skipped;
 * it never breaks the probe round that triggered it.
 */
@ApplicationScoped
public class AlertEngine {

    @EJB
    ge.wardops.cluster.ClusterNode cluster;

    private static final Logger LOG = Logger.getLogger(AlertEngine.class.getName());
    static final String AUDIT_CHAIN_SUBJECT = "system:audit-chain";
    static final String PROBING_SUBJECT = "system:probing";

    @Inject
    AlertingSettings settings;

    @Inject
    SiteSettings site;

    @EJB
    DeviceStates states;

    @Inject
    LatestSnmpValues snmp;

    @Inject
    AvailabilityWindows availability;

    @EJB
    AlertingQueries queries;

    @EJB
    AlertWriter writer;

    @Inject
    Event<AlertTransition> transitions;

    @Inject
    MetricRegistry metrics;

    private Evaluator evaluator;
    /** Alerts suppressed after they fired, until when their queued FIRING notice is to be dropped (epoch millis). */
    private final Map<Long, Long> withdrawn = new ConcurrentHashMap<>();
    private final Map<AlertKey, AlertSnapshot> open = new ConcurrentHashMap<>();
    private final Map<Long, Map<Long, Double>> availabilityByRule = new HashMap<>();
    private final AtomicLong lastRoundMillis = new AtomicLong();
    /**
     * Bumped by every committed change of the inventory, the rules or the windows. A copy remembers
     * the count it was read at and is read again once the count moved, so a copy read while a change
     * committed serves only the round that read it (otherwise a new device waited up to
     * reload-seconds for its first alert), whatever the order of the read and the change.
     */
    private final AtomicLong fleetChanges = new AtomicLong();
    private final AtomicLong ruleChanges = new AtomicLong();
    private final AtomicLong windowChanges = new AtomicLong();
    private FlapTracker flaps;
    private volatile Loaded<List<CompiledRule>> rules;
    private volatile Loaded<MaintenanceCalendar> calendar;
    private volatile Loaded<AlertFleet> fleet;
    private boolean openLoaded;
    private long rounds;

    private record Loaded<T>(T value, long at, long changes) {
    }

    @PostConstruct
    void start() {
        flaps = new FlapTracker(settings.flapChanges(), settings.flapWindow());
        evaluator = new Evaluator(settings.parentHold());
        metrics.gauge("wardops_alerting_round_duration_ms", lastRoundMillis::get);
        metrics.gauge("wardops_alerting_open_alerts", open::size);
    }

    void onRound(@Observes StateChanges round) {
        if (!settings.enabled()) {
            return;
        }
        try {
            probingWorks(round.round());
            evaluate(round.round(), round.changes());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Alert evaluation failed for this round; the next round tries again", e);
            openLoaded = false; // the cache may disagree with the database now: reload it
        }
    }

    /** What one evaluation did, for logs, the benchmark and tests. */
    public record RoundReport(int rules, int devices, int opened, int resolved, int flapping, long millis) {
    }

    /** Evaluates one round; public for the benchmark. */
    public synchronized RoundReport evaluate(Instant now, List<DeviceStateChanged> changes) {
        long t0 = System.nanoTime();
        if (cluster.clustered()) {
            // Other nodes open and resolve alerts of their subjects: start each round from the
            // database's open alerts (one indexed query), so parents, branch cover and a subject
            // taken over from a dead node are judged on what is really open.
            openLoaded = false;
        }
        ensureOpenLoaded();
        for (DeviceStateChanged c : changes) {
            if (c.from() != DeviceStatus.UNKNOWN) {
                flaps.changed(c.deviceId(), c.at());
            }
        }
        Set<Long> startedFlapping = flaps.advance(now);
        List<CompiledRule> ruleList = rules();
        AlertFleet devices = fleet();
        refreshAvailability(ruleList, now);
        Map<Long, DeviceState> stateCopy = new HashMap<>(devices.devices().size() * 2);
        for (DeviceState s : states.all()) {
            stateCopy.put(s.deviceId(), s);
        }
        RoundDecision decision = evaluator.evaluate(ruleList, new Evaluator.Round(now, devices, new LiveFacts(stateCopy, snmp),
                availabilityByRule, calendar(), open, flaps, startedFlapping, ownership()));
        int opened = 0;
        int resolved = 0;
        int flapping = 0;
        if (!decision.isEmpty()) {
            AlertStore.Applied applied = writer.write(decision, open);
            List<AlertTransition> fired = new ArrayList<>();
            for (AlertSnapshot a : applied.opened()) {
                open.put(Snapshots.key(a), a);
                fired.add(new AlertTransition(AlertTransition.Kind.FIRING, a, AlertTransition.SYSTEM, null, now));
            }
            for (AlertSnapshot a : decision.resolved()) {
                open.remove(Snapshots.key(a));
                if (applied.resolved().contains(a.id())) {
                    fired.add(new AlertTransition(AlertTransition.Kind.RESOLVED, Snapshots.resolved(a, now), AlertTransition.SYSTEM,
                            "condition cleared", now));
                }
            }
            for (AlertSnapshot a : decision.flapStarted()) {
                if (applied.flapStarted().contains(a.id())) {
                    AlertSnapshot now2 = Snapshots.flapping(a, true);
                    open.put(Snapshots.key(a), now2);
                    fired.add(new AlertTransition(AlertTransition.Kind.FLAPPING, now2, AlertTransition.SYSTEM, null, now));
                }
            }
            for (AlertSnapshot a : decision.flapEnded()) {
                open.computeIfPresent(Snapshots.key(a), (k, v) -> Snapshots.flapping(v, false));
            }
            fired.addAll(suppressUnderLateParents(applied.opened(), devices, stateCopy, now));
            opened = applied.opened().size();
            resolved = applied.resolved().size();
            flapping = applied.flapStarted().size();
            fire(fired);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        lastRoundMillis.set(millis);
        rounds++;
        RoundReport report = new RoundReport(ruleList.size(), devices.devices().size(), opened, resolved, flapping, millis);
        if (opened + resolved + flapping > 0) {
            LOG.info(report::toString);
        } else {
            LOG.fine(report::toString);
        }
        return report;
    }

    /** Alone every subject; in a cluster the subjects of this node's branches and regions. */
    private Evaluator.Ownership ownership() {
        if (!cluster.clustered()) {
            return Evaluator.Ownership.ALL;
        }
        ge.wardops.cluster.Ownership owned = cluster.ownership();
        return new Evaluator.Ownership() {
            @Override
            public boolean branch(long branchId) {
                return owned.ownsBranch(branchId);
            }

            @Override
            public boolean region(long regionId) {
                return owned.ownsRegion(regionId);
            }
        };
    }

    /**
     * The late parent: open, unsuppressed alerts of the children of a DOWN device whose alert just opened,
     * fired at most the parent hold before it, are suppressed under it now and linked to it (one
     * outage, one page). Their FIRING notices, if still queued, are withdrawn ({@link #withdrawn});
     * the change is in each alert's history and on the feed.
     */
    private List<AlertTransition> suppressUnderLateParents(List<AlertSnapshot> opened, AlertFleet devices,
                                                           Map<Long, DeviceState> stateCopy, Instant now) {
        Duration hold = settings.parentHold();
        Map<Long, AlertSnapshot> parentAlerts = new HashMap<>();
        for (AlertSnapshot a : opened) {
            DeviceState s = a.deviceId() == null ? null : stateCopy.get(a.deviceId());
            // A parent that is DOWN covers its children; its RTT or loss alert does not.
            if (s != null && s.status() == DeviceStatus.DOWN) {
                parentAlerts.putIfAbsent(a.deviceId(), a);
            }
        }
        if (hold.isZero() || parentAlerts.isEmpty()) {
            return List.of();
        }
        List<AlertSnapshot> children = new ArrayList<>();
        List<Long> parentIds = new ArrayList<>();
        for (AlertSnapshot a : open.values()) {
            AlertDevice d = a.deviceId() == null ? null : devices.byId().get(a.deviceId());
            AlertSnapshot parent = d == null || d.parentId() == null ? null : parentAlerts.get(d.parentId());
            if (parent != null && !a.suppressed() && a.id() != parent.id()
                    && !a.triggeredAt().isBefore(parent.triggeredAt().minus(hold))) {
                children.add(a);
                parentIds.add(parent.id());
            }
        }
        if (children.isEmpty()) {
            return List.of();
        }
        List<Long> ids = children.stream().map(AlertSnapshot::id).toList();
        Set<Long> done = writer.suppressUnder(ids, parentIds, "its parent's alert fired within the "
                + hold.toSeconds() + " s hold: suppressed under it", now);
        List<AlertTransition> out = new ArrayList<>();
        long until = System.currentTimeMillis() + hold.toMillis() * 2;
        withdrawn.values().removeIf(t -> t < System.currentTimeMillis());
        for (int i = 0; i < children.size(); i++) {
            AlertSnapshot a = children.get(i);
            if (!done.contains(a.id())) {
                continue;
            }
            AlertSnapshot now2 = Snapshots.suppressedUnder(a, parentIds.get(i));
            open.put(Snapshots.key(a), now2);
            withdrawn.put(a.id(), until);
            out.add(new AlertTransition(AlertTransition.Kind.COMMENTED, now2, AlertTransition.SYSTEM,
                    "suppressed under alert #" + parentIds.get(i) + ": its parent went down within the hold", now));
        }
        if (!out.isEmpty()) {
            LOG.info(() -> out.size() + " alert(s) suppressed under a parent that fired within the " + hold.toSeconds() + " s hold");
        }
        return out;
    }

    /**
     * Whether a FIRING notice of this alert should no longer be sent: the alert was suppressed under
     * a parent after it fired. The notifier asks before it routes a queued notice.
     */
    public boolean withdrawn(long alertId) {
        return withdrawn.containsKey(alertId);
    }

    private void fire(List<AlertTransition> fired) {
        for (AlertTransition t : fired) {
            try {
                transitions.fire(t);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "An observer of alert transitions failed; the alert itself is stored", e);
            }
        }
    }

    /** An operator's change, committed: keep the open-alert copy in step and tell the observers. */
    public synchronized void operatorChanged(AlertTransition t) {
        AlertKey key = Snapshots.key(t.alert());
        if (t.alert().open()) {
            open.computeIfPresent(key, (k, v) -> v.id() == t.alert().id() ? t.alert() : v);
        } else {
            open.computeIfPresent(key, (k, v) -> v.id() == t.alert().id() ? null : v);
        }
        fire(List.of(t));
    }

    /** The audit chain is broken: one CRITICAL system alert until an operator resolves it. */
    synchronized void onAuditChainBroken(@Observes AuditChainBroken broken) {
        ensureOpenLoaded();
        AlertKey key = new AlertKey(null, AUDIT_CHAIN_SUBJECT);
        if (open.containsKey(key)) {
            return;
        }
        Instant now = Instant.now();
        AlertSnapshot a = writer.raiseSystem(AUDIT_CHAIN_SUBJECT, Severity.CRITICAL,
                "The audit log's hash chain is broken at event " + broken.report().firstBrokenId()
                        + ": rows were changed or removed behind the application's back", now);
        open.put(key, a);
        fire(List.of(new AlertTransition(AlertTransition.Kind.FIRING, a, AlertTransition.SYSTEM, null, now)));
    }

    /**
     * Availability rounds failed {@code wardops.probe.icmp.failed-rounds-alert} times in a row: one
     * CRITICAL system alert, nothing about the fleet is known any more. Resolved by the next round
     * that completes.
     */
    synchronized void onProbingFailing(@Observes ProbingFailing failing) {
        if (!settings.enabled()) {
            return;
        }
        ensureOpenLoaded();
        AlertKey key = new AlertKey(null, PROBING_SUBJECT);
        if (open.containsKey(key)) {
            return;
        }
        AlertSnapshot a = writer.raiseSystem(PROBING_SUBJECT, Severity.CRITICAL,
                "Probing has failed for " + failing.rounds() + " rounds: " + failing.reason()
                        + ". No device's state is known until it works again", failing.at());
        open.put(key, a);
        fire(List.of(new AlertTransition(AlertTransition.Kind.FIRING, a, AlertTransition.SYSTEM, null, failing.at())));
    }

    /** A round completed: the probing-failed alert, if open, resolves. */
    private synchronized void probingWorks(Instant now) {
        ensureOpenLoaded();
        AlertSnapshot a = open.get(new AlertKey(null, PROBING_SUBJECT));
        if (a == null) {
            return;
        }
        String comment = "availability rounds complete again";
        boolean resolved = writer.resolveSystem(a.id(), comment, now);
        open.remove(Snapshots.key(a));
        if (resolved) {
            fire(List.of(new AlertTransition(AlertTransition.Kind.RESOLVED, Snapshots.resolved(a, now), AlertTransition.SYSTEM,
                    comment, now)));
        }
    }

    /**
     * A condition the events capability decided ({@link ExternalCondition}): one FIRING alert per
     * subject while it lasts, with the lifecycle, routing, maintenance and parent suppression every
     * alert has (suppressed while the device's parent is DOWN or has an open device alert). For a
     * subject that has an open alert already, that alert's repeat count and last-seen time go up
     * (no new alert, no new notification); nothing happens for a device the fleet does not hold.
     * Answers whether an alert was raised.
     */
    public synchronized boolean raiseExternal(ExternalCondition c) {
        if (!settings.enabled()) {
            return false;
        }
        ensureOpenLoaded();
        AlertKey key = new AlertKey(null, c.subjectKey());
        AlertDevice d = fleet().byId().get(c.deviceId());
        AlertSnapshot already = open.get(key);
        if (already != null) {
            // The same condition again (a repeated trap or syslog line): counted on the open alert, not a new one.
            if (writer.repeat(already.id(), c.at())) {
                AlertSnapshot counted = already.repeated(c.at());
                open.put(key, counted);
                fire(List.of(new AlertTransition(AlertTransition.Kind.REPEATED, counted, AlertTransition.SYSTEM, null, c.at())));
            }
            return false;
        }
        if (d == null) {
            return false;
        }
        AlertSnapshot parentAlert = d.parentId() == null ? null : open.values().stream()
                .filter(a -> Long.valueOf(d.parentId()).equals(a.deviceId()) && a.subjectKey().startsWith("device:")).findFirst().orElse(null);
        boolean parentDown = d.parentId() != null && states.get(d.parentId()) != null
                && states.get(d.parentId()).status() == DeviceStatus.DOWN;
        AlertSnapshot a = writer.raiseExternal(c, d, parentAlert != null || parentDown, parentAlert == null ? null : parentAlert.id(),
                calendar().covers(d, c.at()));
        open.put(key, a);
        fire(List.of(new AlertTransition(AlertTransition.Kind.FIRING, a, AlertTransition.SYSTEM, null, c.at())));
        return true;
    }

    /** The clearing condition came (a linkUp): the subject's open alert, if any, resolves. Answers whether one did. */
    public synchronized boolean clearExternal(String subjectKey, String comment, Instant at) {
        ensureOpenLoaded();
        AlertSnapshot a = open.get(new AlertKey(null, subjectKey));
        if (a == null) {
            return false;
        }
        boolean resolved = writer.resolveSystem(a.id(), comment, at);
        open.remove(Snapshots.key(a));
        if (resolved) {
            fire(List.of(new AlertTransition(AlertTransition.Kind.RESOLVED, Snapshots.resolved(a, at), AlertTransition.SYSTEM, comment, at)));
        }
        return resolved;
    }

    /** One subject a rule would fire for now (its FOR aside), for the rule editor's preview. */
    public record PreviewHit(String subjectKey, String subjectName, Long deviceId, Long branchId, Long regionId,
                             String message, boolean suppressed, boolean inMaintenance) {
    }

    /** Which subjects {@code rule} would fire for with the current data, ignoring its FOR and open alerts. */
    public List<PreviewHit> preview(AlertRuleView rule) {
        AlertRuleView now = new AlertRuleView(rule.id(), rule.name(), rule.kind(), rule.scopeType(), rule.scopeValue(), rule.expression(),
                rule.threshold(), rule.snmpItem(), rule.windowSeconds(), 0, rule.severity(), rule.messageTemplate(), true,
                rule.createdBy(), rule.createdAt(), rule.updatedAt(), rule.version());
        CompiledRule compiled = RuleValidation.compile(now);
        Instant at = Instant.now();
        Map<Long, Map<Long, Double>> avail = new HashMap<>();
        if (compiled.usesAvailability()) {
            try {
                avail.put(rule.id(), availability.percentByDevice(rule.windowSeconds() == null ? 3600 : rule.windowSeconds(), at));
            } catch (VictoriaMetricsUnavailableException | IllegalStateException e) {
                // Availability unknown: its comparisons are false, so the preview shows what fires without it.
                LOG.log(Level.FINE, "Preview without availability: VictoriaMetrics did not answer", e);
            }
        }
        Map<Long, DeviceState> stateCopy = new HashMap<>();
        for (DeviceState s : states.all()) {
            stateCopy.put(s.deviceId(), s);
        }
        RoundDecision d = new Evaluator().evaluate(List.of(compiled), new Evaluator.Round(at, fleet(), new LiveFacts(stateCopy, snmp),
                avail, calendar(), Map.of(), new FlapTracker(Integer.MAX_VALUE, Duration.ofSeconds(1)), Set.of()));
        return d.opened().stream().map(n -> new PreviewHit(n.key().subjectKey(), n.subjectName(), n.deviceId(), n.branchId(),
                n.regionId(), n.message(), n.suppressed(), n.inMaintenance())).toList();
    }

    /** The open alerts a scope may see, newest first: from memory. */
    public List<AlertSnapshot> openAlerts(RegionScope scope) {
        ensureOpenLoadedQuietly();
        Map<Long, Long> regionById = new HashMap<>();
        if (!scope.unrestricted()) {
            open.values().forEach(a -> regionById.put(a.id(), a.regionId()));
        }
        return open.values().stream().filter(a -> scope.unrestricted() || scope.allows(a.regionId()))
                .map(a -> a.scopedTo(scope, id -> regionById.containsKey(id) ? regionById.get(id) : queries.regionOfAlert(id)))
                .sorted(Comparator.comparing(AlertSnapshot::triggeredAt).reversed()).toList();
    }

    /** The region of an alert: from memory while it is open, else from the database. */
    public Long regionOfAlert(long id) {
        for (AlertSnapshot a : open.values()) {
            if (a.id() == id) {
                return a.regionId();
            }
        }
        return queries.regionOfAlert(id);
    }

    /** Devices in a maintenance window now (for the API and the dashboard). */
    public Set<Long> devicesInMaintenance(Instant at) {
        MaintenanceCalendar c = calendar();
        Set<Long> out = new java.util.HashSet<>();
        for (AlertDevice d : fleet().devices()) {
            if (c.covers(d, at)) {
                out.add(d.id());
            }
        }
        return out;
    }

    public AlertFleet fleet() {
        Loaded<AlertFleet> f = fleet;
        if (stale(f, fleetChanges)) {
            long changes = fleetChanges.get();
            f = new Loaded<>(AlertFleet.of(queries.fleet()), System.currentTimeMillis(), changes);
            fleet = f;
        }
        return f.value();
    }

    List<CompiledRule> rules() {
        Loaded<List<CompiledRule>> r = rules;
        if (stale(r, ruleChanges)) {
            long changes = ruleChanges.get();
            List<CompiledRule> compiled = new ArrayList<>();
            for (AlertRuleView rule : queries.enabledRules()) {
                try {
                    compiled.add(RuleValidation.compile(rule));
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "Alert rule " + rule.id() + " (" + rule.name() + ") cannot be evaluated; skipped", e);
                }
            }
            r = new Loaded<>(List.copyOf(compiled), System.currentTimeMillis(), changes);
            rules = r;
        }
        return r.value();
    }

    MaintenanceCalendar calendar() {
        Loaded<MaintenanceCalendar> c = calendar;
        if (stale(c, windowChanges)) {
            long changes = windowChanges.get();
            c = new Loaded<>(new MaintenanceCalendar(queries.windows(), site.zone()), System.currentTimeMillis(), changes);
            calendar = c;
        }
        return c.value();
    }

    private boolean stale(Loaded<?> l, AtomicLong changes) {
        return l == null || l.changes() != changes.get() || System.currentTimeMillis() - l.at() > settings.reloadAfter().toMillis();
    }

    void onConfigChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) AlertConfigChanged change) {
        switch (change.what()) {
            case RULES -> {
                ruleChanges.incrementAndGet();
                synchronized (this) {
                    availabilityByRule.clear();
                }
            }
            case WINDOWS -> windowChanges.incrementAndGet();
            case GROUPS -> fleetChanges.incrementAndGet();
        }
    }

    void onInventoryChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) InventoryChanged change) {
        fleetChanges.incrementAndGet();
    }

    private void refreshAvailability(List<CompiledRule> ruleList, Instant now) {
        boolean due = rounds % settings.availabilityEveryRounds() == 0;
        Map<Integer, Map<Long, Double>> byWindow = new HashMap<>();
        for (CompiledRule r : ruleList) {
            if (!r.usesAvailability() || (!due && availabilityByRule.containsKey(r.id()))) {
                continue;
            }
            int window = r.rule().windowSeconds() == null ? 3600 : r.rule().windowSeconds();
            try {
                availabilityByRule.put(r.id(), byWindow.computeIfAbsent(window, w -> availability.percentByDevice(w, now)));
            } catch (VictoriaMetricsUnavailableException | IllegalStateException e) {
                LOG.log(Level.WARNING, "Availability for rule " + r.id() + " could not be read; keeping the last values", e);
            }
        }
    }

    private void ensureOpenLoaded() {
        if (!openLoaded) {
            open.clear();
            for (AlertSnapshot a : queries.openAlerts()) {
                open.put(Snapshots.key(a), a);
            }
            openLoaded = true;
        }
    }

    private synchronized void ensureOpenLoadedQuietly() {
        ensureOpenLoaded();
    }
}
