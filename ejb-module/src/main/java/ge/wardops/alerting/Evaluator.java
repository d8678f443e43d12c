package ge.wardops.alerting;

import ge.wardops.alerting.expression.Facts;
import ge.wardops.alerting.expression.Level;
import ge.wardops.alerting.expression.Subject;
import ge.wardops.devicestate.DeviceStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates every rule over the whole fleet in memory, once per round, and decides what changes:
 * which alerts open (after their rule's FOR), which resolve, which start or stop flapping. Holds the
 * FOR timers between rounds; everything else it is given. Not thread-safe: the engine calls it
 * from one round at a time. Writes nothing.
 */
public final class Evaluator {

    /** The inputs of one round besides the rules; every one of them in memory. */
    public record Round(Instant now, AlertFleet fleet, Facts facts, Map<Long, Map<Long, Double>> availabilityByRule,
                        MaintenanceCalendar calendar, Map<AlertKey, AlertSnapshot> open, FlapTracker flaps,
                        Set<Long> startedFlapping, Ownership ownership) {

        /** A round of a node that decides every subject (alone, the preview, tests). */
        public Round(Instant now, AlertFleet fleet, Facts facts, Map<Long, Map<Long, Double>> availabilityByRule,
                     MaintenanceCalendar calendar, Map<AlertKey, AlertSnapshot> open, FlapTracker flaps, Set<Long> startedFlapping) {
            this(now, fleet, facts, availabilityByRule, calendar, open, flaps, startedFlapping, Ownership.ALL);
        }
    }

    /**
     * Which subjects this node decides. In a cluster a device's and its branch's rules are decided
     * by the node that owns the branch (the node that probes it), a region's by the owner of the
     * region's key; every node still sees every state and open alert, so parents and groups are
     * judged on the whole fleet. Alone: every subject.
     */
    public interface Ownership {
        Ownership ALL = new Ownership() {
            @Override
            public boolean branch(long branchId) {
                return true;
            }

            @Override
            public boolean region(long regionId) {
                return true;
            }
        };

        boolean branch(long branchId);

        boolean region(long regionId);
    }

    /** Whether this node decides the alert's subject (open alerts of other nodes' subjects are theirs to resolve). */
    static boolean owns(AlertSnapshot a, Round round) {
        if (round.ownership() == Ownership.ALL) {
            return true;
        }
        String key = a.subjectKey();
        int colon = key.indexOf(':');
        if (colon < 0) {
            return true;
        }
        long id;
        try {
            id = Long.parseLong(key.substring(colon + 1));
        } catch (NumberFormatException e) {
            return true;
        }
        switch (key.substring(0, colon)) {
            case "device" -> {
                AlertDevice d = round.fleet().byId().get(id);
                Long branch = d != null ? Long.valueOf(d.branchId()) : a.branchId();
                return branch == null || round.ownership().branch(branch);
            }
            case "branch" -> {
                return round.ownership().branch(id);
            }
            case "region" -> {
                return round.ownership().region(id);
            }
            default -> {
                return true;
            }
        }
    }

    /** Since when each (rule, subject) has held its condition, while its FOR runs. */
    private Map<AlertKey, Instant> pending = new HashMap<>();
    /** Since when each device alert has waited for its parent's verdict (see {@link #parentHold}). */
    private Map<AlertKey, Instant> heldForParent = new HashMap<>();
    /**
     * How long a device's alert waits while its topology parent is still being decided (the parent
     * failed its last probe but is not DOWN yet): the parent's verdict for the same moment decides
     * whether the child is its own page or is suppressed under the parent's. Zero: no waiting.
     */
    private final Duration parentHold;

    /** An evaluator that never holds an alert for a parent (the rule editor's preview). */
    public Evaluator() {
        this(Duration.ZERO);
    }

    public Evaluator(Duration parentHold) {
        this.parentHold = parentHold;
    }
    /** The subjects with an open alert, indexed once per round for the parent check. */
    private Set<String> openSubjects = Set.of();

    public int pendingCount() {
        return pending.size();
    }

    public RoundDecision evaluate(List<CompiledRule> rules, Round round) {
        RoundDecision decision = new RoundDecision(round.now());
        openSubjects = new HashSet<>();
        round.open().keySet().forEach(k -> openSubjects.add(k.subjectKey()));
        Map<AlertKey, Instant> stillPending = new HashMap<>();
        Map<AlertKey, Instant> stillHeld = new HashMap<>();
        Set<AlertKey> holding = new HashSet<>();
        for (CompiledRule rule : rules) {
            Facts facts = rule.usesAvailability() ? withAvailability(round.facts(), round.availabilityByRule().get(rule.id()))
                    : round.facts();
            if (rule.level() == Level.DEVICE) {
                for (AlertDevice d : round.fleet().devices()) {
                    if (!round.ownership().branch(d.branchId())) {
                        continue; // another node's branch
                    }
                    if (d.enabled() && rule.scope().covers(d) && rule.condition().test(Subject.device(d.id()), facts)) {
                        AlertKey key = new AlertKey(rule.id(), Level.DEVICE.subjectKey(d.id()));
                        if (!waitsForParent(key, d, round, facts, stillHeld)) {
                            hold(rule, key, d, null, round, facts, stillPending, holding, decision);
                        } else {
                            holding.add(key);
                            // The FOR clock keeps running while the parent is decided.
                            stillPending.put(key, pending.getOrDefault(key, round.now()));
                        }
                    }
                }
            } else {
                for (Map.Entry<Long, List<AlertDevice>> g : groups(rule, round.fleet()).entrySet()) {
                    if (!(rule.level() == Level.BRANCH ? round.ownership().branch(g.getKey()) : round.ownership().region(g.getKey()))) {
                        continue; // another node's branch or region
                    }
                    long[] members = g.getValue().stream().mapToLong(AlertDevice::id).toArray();
                    if (rule.condition().test(Subject.group(members), facts)) {
                        hold(rule, new AlertKey(rule.id(), rule.level().subjectKey(g.getKey())), null, g.getValue().get(0),
                                round, facts, stillPending, holding, decision);
                    }
                }
            }
        }
        pending = stillPending;
        heldForParent = stillHeld;
        coverByBranch(decision, round);
        for (Map.Entry<AlertKey, AlertSnapshot> e : round.open().entrySet()) {
            AlertSnapshot a = e.getValue();
            if (a.ruleId() == null || holding.contains(e.getKey())) {
                continue; // system alerts are closed by operators; held ones stay open
            }
            if (!owns(a, round)) {
                continue; // decided by the node that owns its subject
            }
            if (a.deviceId() != null && round.flaps().flapping(a.deviceId())) {
                continue; // held until the device is stable
            }
            decision.resolved.add(a);
        }
        Set<Long> resolving = new HashSet<>();
        decision.resolved.forEach(a -> resolving.add(a.id()));
        for (AlertSnapshot a : round.open().values()) {
            if (a.deviceId() == null || resolving.contains(a.id()) || !owns(a, round)) {
                continue;
            }
            if (!a.flapping() && round.startedFlapping().contains(a.deviceId())) {
                decision.flapStarted.add(a);
            } else if (a.flapping() && !round.flaps().flapping(a.deviceId())) {
                decision.flapEnded.add(a);
            }
        }
        return decision;
    }

    /**
     * Whether a device alert that would open (or is open) must wait for its parent's verdict: not
     * when it is open already, and at most {@link #parentHold} from the first round it waited.
     */
    private boolean waitsForParent(AlertKey key, AlertDevice d, Round round, Facts facts, Map<AlertKey, Instant> stillHeld) {
        if (parentHold.isZero() || d.parentId() == null || round.open().containsKey(key) || !facts.deciding(d.parentId())) {
            return false;
        }
        Instant since = heldForParent.getOrDefault(key, round.now());
        if (Duration.between(since, round.now()).compareTo(parentHold) >= 0) {
            return false;
        }
        stillHeld.put(key, since);
        return true;
    }

    public int heldForParentCount() {
        return heldForParent.size();
    }

    private void hold(CompiledRule rule, AlertKey key, AlertDevice device, AlertDevice groupMember, Round round, Facts facts,
                      Map<AlertKey, Instant> stillPending, Set<AlertKey> holding, RoundDecision decision) {
        holding.add(key);
        if (round.open().containsKey(key)) {
            return;
        }
        Instant since = pending.getOrDefault(key, round.now());
        if (Duration.between(since, round.now()).toMillis() < rule.forMillis()) {
            stillPending.put(key, since);
            return;
        }
        decision.opened.add(device != null ? deviceAlert(rule, key, device, round, facts) : groupAlert(rule, key, groupMember, round));
    }

    /**
     * One page per branch outage: a device alert opening while every enabled device of its branch is
     * DOWN and the branch has an alert (open, or opening in this round, of any branch rule) is
     * suppressed under the branch's alert, the router's included.
     */
    private static void coverByBranch(RoundDecision decision, Round round) {
        Set<String> branchAlerts = new HashSet<>();
        round.open().keySet().forEach(k -> {
            if (k.subjectKey().startsWith("branch:")) {
                branchAlerts.add(k.subjectKey());
            }
        });
        decision.opened.forEach(n -> {
            if (n.key().subjectKey().startsWith("branch:")) {
                branchAlerts.add(n.key().subjectKey());
            }
        });
        if (branchAlerts.isEmpty()) {
            return;
        }
        Map<Long, Boolean> wholeBranchDown = new HashMap<>();
        for (AlertDevice d : round.fleet().devices()) {
            if (d.enabled() && branchAlerts.contains(Level.BRANCH.subjectKey(d.branchId()))) {
                wholeBranchDown.merge(d.branchId(), round.facts().status(d.id()) == DeviceStatus.DOWN, Boolean::logicalAnd);
            }
        }
        for (int i = 0; i < decision.opened.size(); i++) {
            RoundDecision.NewAlert n = decision.opened.get(i);
            if (n.deviceId() != null && n.branchId() != null && wholeBranchDown.getOrDefault(n.branchId(), false)) {
                decision.opened.set(i, n.coveredBy(Level.BRANCH.subjectKey(n.branchId())));
            }
        }
    }

    private RoundDecision.NewAlert deviceAlert(CompiledRule rule, AlertKey key, AlertDevice d, Round round, Facts facts) {
        String parent = null;
        if (d.parentId() != null && (facts.status(d.parentId()) == DeviceStatus.DOWN
                || openSubjects.contains(Level.DEVICE.subjectKey(d.parentId())))) {
            parent = Level.DEVICE.subjectKey(d.parentId());
        }
        Map<String, String> values = values(rule, d.name(), d.branchName(), d.regionName());
        values.put("device", d.name());
        values.put("ip", d.ip());
        values.put("status", String.valueOf(facts.status(d.id())));
        Double rtt = facts.rttMs(d.id());
        values.put("rtt", rtt == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f ms", rtt));
        Double loss = facts.lossPercent(d.id());
        values.put("loss", loss == null ? "-" : String.format(java.util.Locale.ROOT, "%.0f%%", loss));
        return new RoundDecision.NewAlert(key, rule.rule().name(), rule.rule().severity(), d.name(), d.id(), d.branchId(),
                d.branchName(), d.regionId(), d.regionName(), MessageTemplate.render(rule.rule().messageTemplate(), values),
                round.now(), parent, round.calendar().covers(d, round.now()), round.flaps().flapping(d.id()));
    }

    private RoundDecision.NewAlert groupAlert(CompiledRule rule, AlertKey key, AlertDevice member, Round round) {
        boolean branch = rule.level() == Level.BRANCH;
        String name = branch ? member.branchName() : member.regionName();
        Map<String, String> values = values(rule, name, branch ? member.branchName() : null, member.regionName());
        return new RoundDecision.NewAlert(key, rule.rule().name(), rule.rule().severity(), name, null,
                branch ? member.branchId() : null, branch ? member.branchName() : null, member.regionId(), member.regionName(),
                MessageTemplate.render(rule.rule().messageTemplate(), values), round.now(), null,
                round.calendar().coversGroup(key.subjectKey(), member.branchId(), member.regionId(), round.now()), false);
    }

    private static Map<String, String> values(CompiledRule rule, String subject, String branch, String region) {
        Map<String, String> values = new HashMap<>();
        values.put("rule", rule.rule().name());
        values.put("severity", rule.rule().severity().name());
        values.put("subject", subject);
        values.put("branch", branch);
        values.put("region", region);
        values.put("threshold", rule.rule().threshold() == null ? null : String.valueOf(rule.rule().threshold()));
        return values;
    }

    /** The rule's devices grouped by branch or region, in a stable order. */
    private static Map<Long, List<AlertDevice>> groups(CompiledRule rule, AlertFleet fleet) {
        Map<Long, List<AlertDevice>> out = new LinkedHashMap<>();
        for (AlertDevice d : fleet.devices()) {
            if (d.enabled() && rule.scope().covers(d)) {
                out.computeIfAbsent(rule.level() == Level.BRANCH ? d.branchId() : d.regionId(), k -> new ArrayList<>()).add(d);
            }
        }
        return out;
    }

    /**
     * The new alerts with their allocated ids and, for suppressed ones, the parent's open alert
     * (already open, or opened in this same round; the same rule's first).
     */
    public static List<AlertSnapshot> assign(RoundDecision decision, long[] ids, Map<AlertKey, AlertSnapshot> open) {
        Map<String, Long> alertOfSubject = new HashMap<>();
        for (AlertSnapshot a : open.values()) {
            alertOfSubject.putIfAbsent(a.subjectKey(), a.id());
        }
        List<RoundDecision.NewAlert> opened = decision.opened();
        for (int i = 0; i < opened.size(); i++) {
            alertOfSubject.putIfAbsent(opened.get(i).key().subjectKey(), ids[i]);
        }
        List<AlertSnapshot> out = new ArrayList<>(opened.size());
        for (int i = 0; i < opened.size(); i++) {
            RoundDecision.NewAlert n = opened.get(i);
            Long parentAlert = null;
            if (n.coveredBy() != null) {
                AlertSnapshot sameRule = open.get(new AlertKey(n.key().ruleId(), n.coveredBy()));
                parentAlert = sameRule != null ? Long.valueOf(sameRule.id()) : alertOfSubject.get(n.coveredBy());
            }
            out.add(n.snapshot(ids[i], parentAlert));
        }
        return out;
    }

    private static Facts withAvailability(Facts base, Map<Long, Double> availability) {
        Map<Long, Double> a = availability == null ? Map.of() : availability;
        return new Facts() {
            public DeviceStatus status(long id) {
                return base.status(id);
            }

            public Double rttMs(long id) {
                return base.rttMs(id);
            }

            public Double lossPercent(long id) {
                return base.lossPercent(id);
            }

            public double[] snmp(long id, String item) {
                return base.snmp(id, item);
            }

            public Double availability(long id) {
                return a.get(id);
            }

            public boolean deciding(long id) {
                return base.deciding(id);
            }
        };
    }
}
