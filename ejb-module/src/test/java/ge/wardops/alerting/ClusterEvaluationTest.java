package ge.wardops.alerting;

import ge.wardops.devicestate.DeviceStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes of a cluster, each deciding the subjects of its own branches and regions over the same
 * states and the same open alerts (the database's, reloaded each round): together they open and
 * resolve exactly the alerts one node alone would, and never the same alert twice.
 */
class ClusterEvaluationTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final AlertFleet fleet = Rules.bank(40, 5); // 8 branches of 5, regions branch % 10 + 1
    private final TestFacts facts = new TestFacts();
    private final FlapTracker flaps = new FlapTracker(100, Duration.ofMinutes(5));
    private final List<CompiledRule> rules = List.of(Rules.down(1, 0), Rules.expression(2, "branch.percent(down) == 100"),
            Rules.expression(3, "region.percent(down) > 10"));

    /** Node A owns the even branches and the odd regions, node B the rest. */
    private final Evaluator.Ownership a = ownership(b -> b % 2 == 0, r -> r % 2 == 1);
    private final Evaluator.Ownership b = ownership(br -> br % 2 == 1, r -> r % 2 == 0);

    @Test
    void twoNodesTogetherDecideExactlyWhatOneNodeDecidesAndNothingTwice() {
        Evaluator alone = new Evaluator(Duration.ZERO);
        Evaluator nodeA = new Evaluator(Duration.ZERO);
        Evaluator nodeB = new Evaluator(Duration.ZERO);
        Map<AlertKey, AlertSnapshot> openAlone = new HashMap<>();
        Map<AlertKey, AlertSnapshot> openCluster = new HashMap<>(); // the database both nodes reload

        for (long id = 1; id <= 40; id++) {
            facts.set(id, DeviceStatus.UP);
        }
        // Branch 2 (devices 6-10) dark; single devices down in branches 3, 4 and 7.
        for (long id = 6; id <= 10; id++) {
            facts.set(id, DeviceStatus.DOWN);
        }
        facts.set(12, DeviceStatus.DOWN).set(17, DeviceStatus.DOWN).set(33, DeviceStatus.DOWN);

        Set<String> single = opened(alone, Evaluator.Ownership.ALL, openAlone, T0);
        Set<String> byA = opened(nodeA, a, openCluster, T0);
        Set<String> byB = opened(nodeB, b, openCluster, T0);
        assertFalse(single.isEmpty());
        Set<String> overlap = new HashSet<>(byA);
        overlap.retainAll(byB);
        assertTrue(overlap.isEmpty(), "opened by both nodes: " + overlap);
        Set<String> together = new TreeSet<>(byA);
        together.addAll(byB);
        assertEquals(new TreeSet<>(single), together);
        assertTrue(byA.stream().anyMatch(k -> k.contains("branch:2")) && !byB.isEmpty(), "both nodes had work: " + byA + " / " + byB);

        // Next round, nothing changed: neither node opens again what the other opened.
        assertTrue(opened(nodeA, a, openCluster, T0.plusSeconds(10)).isEmpty());
        assertTrue(opened(nodeB, b, openCluster, T0.plusSeconds(10)).isEmpty());

        // Everything recovers: each alert is resolved by exactly one node.
        for (long id = 1; id <= 40; id++) {
            facts.set(id, DeviceStatus.UP);
        }
        int before = openCluster.size();
        List<AlertSnapshot> resolvedA = nodeA.evaluate(rules, round(a, openCluster, T0.plusSeconds(20))).resolved();
        List<AlertSnapshot> resolvedB = nodeB.evaluate(rules, round(b, openCluster, T0.plusSeconds(20))).resolved();
        Set<Long> ids = new HashSet<>();
        resolvedA.forEach(x -> ids.add(x.id()));
        resolvedB.forEach(x -> assertTrue(ids.add(x.id()), "resolved by both nodes: " + x.subjectKey()));
        assertEquals(before, ids.size(), "every open alert resolved once");
    }

    private final long[] nextId = {1000};

    private Set<String> opened(Evaluator evaluator, Evaluator.Ownership ownership, Map<AlertKey, AlertSnapshot> open, Instant now) {
        RoundDecision d = evaluator.evaluate(rules, round(ownership, open, now));
        long[] ids = new long[d.opened().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = nextId[0]++;
        }
        Set<String> keys = new HashSet<>();
        for (AlertSnapshot s : Evaluator.assign(d, ids, open)) {
            keys.add(s.ruleId() + "/" + s.subjectKey());
            open.put(Snapshots.key(s), s);
        }
        return keys;
    }

    private Evaluator.Round round(Evaluator.Ownership ownership, Map<AlertKey, AlertSnapshot> open, Instant now) {
        return new Evaluator.Round(now, fleet, facts, Map.of(), MaintenanceCalendar.EMPTY, open, flaps, Set.of(), ownership);
    }

    private static Evaluator.Ownership ownership(LongPredicate branches, LongPredicate regions) {
        return new Evaluator.Ownership() {
            @Override
            public boolean branch(long branchId) {
                return branches.test(branchId);
            }

            @Override
            public boolean region(long regionId) {
                return regions.test(regionId);
            }
        };
    }
}
