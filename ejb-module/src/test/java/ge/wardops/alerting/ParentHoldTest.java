package ge.wardops.alerting;

import ge.wardops.state.DeviceStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One outage, one page: a device's alert waits for its parent's verdict while the parent is still
 * being decided, for at most the hold. In the bank of {@link Rules#bank}, device 7's parent is 6.
 */
class ParentHoldTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration HOLD = Duration.ofSeconds(30);

    private final Evaluator evaluator = new Evaluator(HOLD);
    private final TestFacts facts = new TestFacts();
    private final Map<AlertKey, AlertSnapshot> open = new HashMap<>();
    private final FlapTracker flaps = new FlapTracker(3, Duration.ofMinutes(5));
    private final AlertFleet fleet = Rules.bank(20, 5);
    private final List<CompiledRule> rules = List.of(Rules.down(1, 0));
    private long nextId = 1000;

    private RoundDecision round(Instant now) {
        RoundDecision d = evaluator.evaluate(rules, new Evaluator.Round(now, fleet, facts, Map.of(), MaintenanceCalendar.EMPTY, open,
                flaps, Set.of()));
        long[] ids = new long[d.opened().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = nextId++;
        }
        for (AlertSnapshot a : Evaluator.assign(d, ids, open)) {
            open.put(Snapshots.key(a), a);
        }
        d.resolved().forEach(a -> open.remove(Snapshots.key(a)));
        return d;
    }

    private AlertSnapshot alertOf(long device) {
        return open.get(new AlertKey(1L, "device:" + device));
    }

    @Test
    void aChildsAlertWaitsForItsParentBeingDecidedAndIsSuppressedUnderItWhenTheParentGoesDown() {
        facts.set(7, DeviceStatus.DOWN).set(6, DeviceStatus.UP);
        facts.deciding.add(6L);
        assertTrue(round(T0).opened().isEmpty(), "held: the parent failed its last probe and is not decided yet");
        assertEquals(1, evaluator.heldForParentCount());

        facts.set(6, DeviceStatus.DOWN);
        facts.deciding.clear();
        RoundDecision d = round(T0.plusSeconds(4));
        assertEquals(2, d.opened().size(), "parent and child together");
        assertFalse(alertOf(6).suppressed());
        assertTrue(alertOf(7).suppressed());
        assertEquals(alertOf(6).id(), alertOf(7).parentAlertId());
        assertEquals(0, evaluator.heldForParentCount());
    }

    @Test
    void aChildWhoseParentAnswersIsItsOwnPageAtOnce() {
        facts.set(7, DeviceStatus.DOWN).set(6, DeviceStatus.UP);
        facts.deciding.add(6L);
        round(T0);
        facts.deciding.clear();
        RoundDecision d = round(T0.plusSeconds(4));
        assertEquals(1, d.opened().size());
        assertFalse(alertOf(7).suppressed(), "the parent answered: the child's outage is its own");
    }

    @Test
    void theHoldIsBounded() {
        facts.set(7, DeviceStatus.DOWN).set(6, DeviceStatus.UP);
        facts.deciding.add(6L);
        assertTrue(round(T0).opened().isEmpty());
        assertTrue(round(T0.plusSeconds(29)).opened().isEmpty());
        RoundDecision d = round(T0.plusSeconds(30));
        assertEquals(1, d.opened().size(), "after the hold the child pages on its own");
        assertFalse(alertOf(7).suppressed());
    }

    @Test
    void withoutAHoldTheChildFiresWhileItsParentIsDecided() {
        Evaluator noHold = new Evaluator();
        facts.set(7, DeviceStatus.DOWN).set(6, DeviceStatus.UP);
        facts.deciding.add(6L);
        RoundDecision d = noHold.evaluate(rules, new Evaluator.Round(T0, fleet, facts, Map.of(), MaintenanceCalendar.EMPTY, open,
                flaps, Set.of()));
        assertEquals(1, d.opened().size(), "the preview's evaluator never waits");
    }
}
