package ge.wardops.alerting;

import ge.wardops.devicestate.DeviceStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluator over a small bank, round after round, as the engine drives it (ids allocated 1000, 1001, ...). */
class EvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    /** How long a device's alert waits for its parent being decided (the engine's wardops.alerting.parent-hold-seconds). */
    private static final Duration HOLD = Duration.ofSeconds(30);

    private final Evaluator evaluator = new Evaluator(HOLD);
    private final TestFacts facts = new TestFacts();
    private final Map<AlertKey, AlertSnapshot> open = new HashMap<>();
    private final FlapTracker flaps = new FlapTracker(3, Duration.ofMinutes(5));
    private AlertFleet fleet = Rules.bank(20, 5);
    private MaintenanceCalendar calendar = MaintenanceCalendar.EMPTY;
    private long nextId = 1000;

    /** One round: evaluate, then apply the decision to the open alerts as the engine does after the write. */
    private RoundDecision round(List<CompiledRule> rules, Instant now, Set<Long> startedFlapping) {
        RoundDecision d = evaluator.evaluate(rules, new Evaluator.Round(now, fleet, facts, Map.of(), calendar, open, flaps, startedFlapping));
        long[] ids = new long[d.opened().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = nextId++;
        }
        for (AlertSnapshot a : Evaluator.assign(d, ids, open)) {
            open.put(Snapshots.key(a), a);
        }
        d.resolved().forEach(a -> open.remove(Snapshots.key(a)));
        d.flapStarted().forEach(a -> open.put(Snapshots.key(a), Snapshots.flapping(a, true)));
        d.flapEnded().forEach(a -> open.put(Snapshots.key(a), Snapshots.flapping(a, false)));
        return d;
    }

    private RoundDecision round(List<CompiledRule> rules, Instant now) {
        return round(rules, now, Set.of());
    }

    @Test
    void aDownDeviceFiresOnlyAfterItsForAndOnlyOnce() {
        List<CompiledRule> rules = List.of(Rules.down(1, 30));
        facts.set(7, DeviceStatus.DOWN);
        assertTrue(round(rules, T0).opened().isEmpty(), "FOR has not passed");
        assertTrue(round(rules, T0.plusSeconds(20)).opened().isEmpty());
        RoundDecision fired = round(rules, T0.plusSeconds(30));
        assertEquals(1, fired.opened().size());
        RoundDecision.NewAlert a = fired.opened().get(0);
        assertEquals("device:7", a.key().subjectKey());
        assertEquals("DEVICE_DOWN 1 on dev-7 (Branch 2)", a.message());
        assertFalse(a.suppressed(), "its parent (6) is up and quiet");
        assertTrue(round(rules, T0.plusSeconds(40)).isEmpty(), "de-duplicated: still one open alert");
        assertEquals(1, open.size());
    }

    @Test
    void aConditionThatClearsBeforeItsForRestartsTheTimer() {
        List<CompiledRule> rules = List.of(Rules.down(1, 30));
        facts.set(7, DeviceStatus.DOWN);
        round(rules, T0);
        facts.set(7, DeviceStatus.UP);
        round(rules, T0.plusSeconds(20));
        facts.set(7, DeviceStatus.DOWN);
        assertTrue(round(rules, T0.plusSeconds(40)).opened().isEmpty(), "the timer began again at 40 s");
        assertEquals(1, round(rules, T0.plusSeconds(70)).opened().size());
    }

    @Test
    void recoveryResolvesIt() {
        List<CompiledRule> rules = List.of(Rules.down(1, 0));
        facts.set(7, DeviceStatus.DOWN);
        round(rules, T0);
        facts.set(7, DeviceStatus.UP);
        RoundDecision d = round(rules, T0.plusSeconds(10));
        assertEquals(1, d.resolved().size());
        assertEquals("device:7", d.resolved().get(0).subjectKey());
        assertTrue(open.isEmpty());
    }

    @Test
    void aRuleThatIsGoneResolvesItsAlertsButSystemAlertsStay() {
        facts.set(7, DeviceStatus.DOWN);
        round(List.of(Rules.down(1, 0)), T0);
        AlertSnapshot system = new AlertSnapshot(1, null, null, "system:audit-chain", "system:audit-chain", null, null, null, null, null,
                Severity.CRITICAL, AlertState.FIRING, "broken", T0, null, null, null, false, null, false, false);
        open.put(Snapshots.key(system), system);
        RoundDecision d = round(List.of(), T0.plusSeconds(10));
        assertEquals(List.of("device:7"), d.resolved().stream().map(AlertSnapshot::subjectKey).toList());
    }

    @Test
    void childrenOfADownParentAreSuppressedAndLinkedToTheParentsAlert() {
        List<CompiledRule> rules = List.of(Rules.down(1, 0));
        for (long id = 6; id <= 10; id++) {
            facts.set(id, DeviceStatus.DOWN); // branch 2: router 6 and its four children
        }
        RoundDecision d = round(rules, T0);
        assertEquals(5, d.opened().size());
        AlertSnapshot parent = open.get(new AlertKey(1L, "device:6"));
        assertFalse(parent.suppressed());
        assertNull(parent.parentAlertId());
        for (long child = 7; child <= 10; child++) {
            AlertSnapshot c = open.get(new AlertKey(1L, "device:" + child));
            assertTrue(c.suppressed(), "child " + child);
            assertEquals(parent.id(), c.parentAlertId(), "linked to the router's alert opened in the same round");
            assertFalse(c.notifiable());
        }
    }

    @Test
    void aChildOfAnUpParentWithoutAlertsIsNotSuppressed() {
        facts.set(6, DeviceStatus.UP).set(7, DeviceStatus.DOWN);
        round(List.of(Rules.down(1, 0)), T0);
        assertFalse(open.get(new AlertKey(1L, "device:7")).suppressed());
    }

    @Test
    void anAlertRaisedInAMaintenanceWindowIsMarkedAndNotNotifiable() {
        calendar = new MaintenanceCalendar(List.of(new MaintenanceWindowView(1, "router swap", ScopeType.BRANCH, "2",
                T0.minusSeconds(60), T0.plusSeconds(3600), null, null, null, "test", 0)), ZoneId.of("Asia/Tbilisi"));
        facts.set(7, DeviceStatus.DOWN).set(12, DeviceStatus.DOWN);
        round(List.of(Rules.down(1, 0)), T0);
        assertTrue(open.get(new AlertKey(1L, "device:7")).inMaintenance());
        assertFalse(open.get(new AlertKey(1L, "device:7")).notifiable());
        assertFalse(open.get(new AlertKey(1L, "device:12")).inMaintenance(), "branch 3 is not in the window");
    }

    @Test
    void aFlappingDeviceIsMarkedOnceAndItsAlertHeldUntilStable() {
        List<CompiledRule> rules = List.of(Rules.down(1, 0));
        facts.set(7, DeviceStatus.DOWN);
        round(rules, T0);
        for (int i = 1; i <= 4; i++) {
            flaps.changed(7, T0.plusSeconds(i * 10));
        }
        Set<Long> started = flaps.advance(T0.plusSeconds(45));
        assertEquals(Set.of(7L), started);
        facts.set(7, DeviceStatus.UP);
        RoundDecision d = round(rules, T0.plusSeconds(45), started);
        assertEquals(1, d.flapStarted().size(), "one FLAPPING transition");
        assertTrue(d.resolved().isEmpty(), "held open while flapping although it answers now");
        assertTrue(open.get(new AlertKey(1L, "device:7")).flapping());
        assertTrue(round(rules, T0.plusSeconds(60), flaps.advance(T0.plusSeconds(60))).isEmpty(), "no second FLAPPING");

        Set<Long> later = flaps.advance(T0.plusSeconds(400));
        assertFalse(flaps.flapping(7), "a whole window without a change: stable");
        RoundDecision stable = round(rules, T0.plusSeconds(400), later);
        assertEquals(1, stable.resolved().size(), "resolved once stable and clear");
    }

    @Test
    void aBranchExpressionFiresOneAlertPerBranchNotOnePerDevice() {
        List<CompiledRule> rules = List.of(Rules.expression(2, "branch.percent(down) > 30"));
        for (long id = 1; id <= 5; id++) {
            facts.set(id, id <= 2 ? DeviceStatus.DOWN : DeviceStatus.UP); // branch 1: 40% down
        }
        facts.set(6, DeviceStatus.DOWN).set(7, DeviceStatus.UP); // branch 2: 20% down
        RoundDecision d = round(rules, T0);
        assertEquals(1, d.opened().size());
        RoundDecision.NewAlert a = d.opened().get(0);
        assertEquals("branch:1", a.key().subjectKey());
        assertNull(a.deviceId());
        assertEquals(1L, a.branchId());
        assertEquals("Branch 1", a.subjectName());
        assertTrue(round(rules, T0.plusSeconds(10)).isEmpty(), "still one");
    }

    @Test
    void aWholeBranchDownIsOnePageTheBranchsAlertWithEveryDeviceAlertSuppressedUnderIt() {
        List<CompiledRule> rules = List.of(Rules.down(1, 0), Rules.expression(2, "branch.percent(down) == 100"));
        for (long id = 6; id <= 10; id++) {
            facts.set(id, DeviceStatus.DOWN); // branch 2: router 6 and its four children, all down
        }
        RoundDecision d = round(rules, T0);
        assertEquals(6, d.opened().size(), "five device alerts and the branch's");
        AlertSnapshot branch = open.get(new AlertKey(2L, "branch:2"));
        assertTrue(branch.notifiable(), "the branch's alert is the page");
        for (long id = 6; id <= 10; id++) {
            AlertSnapshot a = open.get(new AlertKey(1L, "device:" + id));
            assertTrue(a.suppressed(), "device " + id + ", the router included");
            assertEquals(branch.id(), a.parentAlertId(), "linked to the branch's alert");
        }
        assertEquals(1, open.values().stream().filter(AlertSnapshot::notifiable).count(), "one outage, one notifiable alert");
    }

    @Test
    void aBranchAlertCoversNoDeviceWhileSomeOfTheBranchStillAnswers() {
        List<CompiledRule> rules = List.of(Rules.down(1, 0), Rules.expression(2, "branch.count(down) >= 1"));
        facts.set(6, DeviceStatus.UP).set(7, DeviceStatus.DOWN).set(8, DeviceStatus.UP).set(9, DeviceStatus.UP).set(10, DeviceStatus.UP);
        round(rules, T0);
        assertTrue(open.containsKey(new AlertKey(2L, "branch:2")));
        assertFalse(open.get(new AlertKey(1L, "device:7")).suppressed(), "the branch is not down as a whole");
    }

    @Test
    void scopesLimitTheDevicesARuleLooksAt() {
        CompiledRule evenOnly = RuleValidation.compile(Rules.rule(3, RuleKind.DEVICE_DOWN, ScopeType.TAG, "even", null, null, 0));
        CompiledRule region = RuleValidation.compile(Rules.rule(4, RuleKind.DEVICE_DOWN, ScopeType.REGION, "3", null, null, 0));
        facts.set(7, DeviceStatus.DOWN).set(8, DeviceStatus.DOWN).set(3, DeviceStatus.DOWN);
        RoundDecision d = round(List.of(evenOnly, region), T0);
        assertEquals(Set.of("3:device:8", "4:device:7", "4:device:8"),
                Set.copyOf(d.opened().stream().map(n -> n.key().ruleId() + ":" + n.key().subjectKey()).toList()),
                "branch 2 is in region 3; device 3 is odd and in region 2");
    }

    @Test
    void thresholdRulesReadTheLastRound() {
        CompiledRule rtt = RuleValidation.compile(Rules.rule(5, RuleKind.RTT_ABOVE, ScopeType.ALL, null, null, 100.0, 0));
        CompiledRule loss = RuleValidation.compile(Rules.rule(6, RuleKind.LOSS_ABOVE, ScopeType.ALL, null, null, 20.0, 0));
        facts.rtt.put(3L, 150.0);
        facts.loss.put(4L, 33.0);
        facts.loss.put(5L, 20.0);
        RoundDecision d = round(List.of(rtt, loss), T0);
        assertEquals(Set.of("5:device:3", "6:device:4"),
                Set.copyOf(d.opened().stream().map(n -> n.key().ruleId() + ":" + n.key().subjectKey()).toList()));
    }

    // One outage, one page: a device's alert waits for its parent's verdict while the parent is still
    // being decided, for at most the hold. In the bank, device 7's parent is 6.

    private final List<CompiledRule> down = List.of(Rules.down(1, 0));

    private AlertSnapshot downAlertOf(long device) {
        return open.get(new AlertKey(1L, "device:" + device));
    }

    @Test
    void aChildsAlertWaitsForItsParentBeingDecidedAndIsSuppressedUnderItWhenTheParentGoesDown() {
        facts.set(7, DeviceStatus.DOWN).set(6, DeviceStatus.UP);
        facts.deciding.add(6L);
        assertTrue(round(down, T0).opened().isEmpty(), "held: the parent failed its last probe and is not decided yet");
        assertEquals(1, evaluator.heldForParentCount());

        facts.set(6, DeviceStatus.DOWN);
        facts.deciding.clear();
        RoundDecision d = round(down, T0.plusSeconds(4));
        assertEquals(2, d.opened().size(), "parent and child together");
        assertFalse(downAlertOf(6).suppressed());
        assertTrue(downAlertOf(7).suppressed());
        assertEquals(downAlertOf(6).id(), downAlertOf(7).parentAlertId());
        assertEquals(0, evaluator.heldForParentCount());
    }

    @Test
    void aChildWhoseParentAnswersIsItsOwnPageAtOnce() {
        facts.set(7, DeviceStatus.DOWN).set(6, DeviceStatus.UP);
        facts.deciding.add(6L);
        round(down, T0);
        facts.deciding.clear();
        RoundDecision d = round(down, T0.plusSeconds(4));
        assertEquals(1, d.opened().size());
        assertFalse(downAlertOf(7).suppressed(), "the parent answered: the child's outage is its own");
    }

    @Test
    void theHoldIsBounded() {
        facts.set(7, DeviceStatus.DOWN).set(6, DeviceStatus.UP);
        facts.deciding.add(6L);
        assertTrue(round(down, T0).opened().isEmpty());
        assertTrue(round(down, T0.plusSeconds(29)).opened().isEmpty());
        RoundDecision d = round(down, T0.plusSeconds(30));
        assertEquals(1, d.opened().size(), "after the hold the child pages on its own");
        assertFalse(downAlertOf(7).suppressed());
    }

    @Test
    void withoutAHoldTheChildFiresWhileItsParentIsDecided() {
        Evaluator noHold = new Evaluator();
        facts.set(7, DeviceStatus.DOWN).set(6, DeviceStatus.UP);
        facts.deciding.add(6L);
        RoundDecision d = noHold.evaluate(down, new Evaluator.Round(T0, fleet, facts, Map.of(), MaintenanceCalendar.EMPTY, open,
                flaps, Set.of()));
        assertEquals(1, d.opened().size(), "the preview's evaluator never waits");
    }
}
