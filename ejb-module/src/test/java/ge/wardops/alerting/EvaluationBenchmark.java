package ge.wardops.alerting;

import ge.wardops.devicestate.DeviceStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The evaluation benchmark (deployment/bench/alerts): the real {@link Evaluator} over 10,000 devices
 * (500 branches of 20, a router each with 19 children, 10 regions) and 50 rules of every kind, one
 * round at a time as the engine runs it (evaluation and the in-memory bookkeeping; the SQL of a round
 * is bounded separately, see AlertRoundWritesTest). Measures steady rounds (nothing changes), the
 * round of a 5 % outage (whole branches down), rounds with those alerts open, and the recovery round.
 * Not a test: a main class, run by the script, printing one JSON line.
 *
 *   java ... ge.wardops.alerting.EvaluationBenchmark [devices] [rules] [rounds]
 */
public final class EvaluationBenchmark {

    private EvaluationBenchmark() {
    }

    static List<CompiledRule> fiftyRules(int n) {
        List<AlertRuleView> views = new ArrayList<>();
        long id = 1;
        while (views.size() < n) {
            int k = views.size() % 10;
            long region = views.size() % 10 + 1;
            views.add(switch (k) {
                case 0 -> Rules.rule(id, RuleKind.DEVICE_DOWN, ScopeType.ALL, null, null, null, 30);
                case 1 -> Rules.rule(id, RuleKind.DEVICE_DOWN, ScopeType.REGION, String.valueOf(region), null, null, 0);
                case 2 -> Rules.rule(id, RuleKind.RTT_ABOVE, ScopeType.DEVICE_TYPE, "ATM", null, 150.0, 60);
                case 3 -> Rules.rule(id, RuleKind.LOSS_ABOVE, ScopeType.TAG, "even", null, 20.0, 0);
                case 4 -> Rules.rule(id, RuleKind.SNMP_INTERFACE_DOWN, ScopeType.DEVICE_TYPE, "ROUTER", null, null, 0);
                case 5 -> Rules.rule(id, RuleKind.AVAILABILITY_BELOW, ScopeType.ALL, null, null, 99.0, 0);
                case 6 -> Rules.rule(id, RuleKind.EXPRESSION, ScopeType.ALL, null, "branch.percent(down) > 30", null, 0);
                case 7 -> Rules.rule(id, RuleKind.EXPRESSION, ScopeType.REGION, String.valueOf(region),
                        "region.count(rtt > 200 OR loss > 20) >= 5", null, 0);
                case 8 -> Rules.rule(id, RuleKind.EXPRESSION, ScopeType.ALL, null, "loss > 10 AND rtt > 100 AND NOT down", null, 60);
                default -> Rules.rule(id, RuleKind.EXPRESSION, ScopeType.TAG, "odd", "snmp.ifInErrors_per_second > 5 OR down", null, 0);
            });
            id++;
        }
        return views.stream().map(RuleValidation::compile).toList();
    }

    public static void main(String[] args) {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int ruleCount = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        AlertFleet fleet = Rules.bank(devices, 20);
        List<CompiledRule> rules = fiftyRules(ruleCount);
        Random random = new Random(42);
        TestFacts facts = new TestFacts();
        Map<Long, Double> availability = new HashMap<>();
        for (AlertDevice d : fleet.devices()) {
            facts.set(d.id(), DeviceStatus.UP);
            facts.rtt.put(d.id(), 5 + random.nextDouble() * 40);
            facts.loss.put(d.id(), 0.0);
            availability.put(d.id(), 99.5 + random.nextDouble() * 0.5);
            facts.snmp.put(d.id(), Map.of("ifOperStatus", new double[] {1, 1}, "ifInErrors_per_second", new double[] {0, 0.1}));
        }
        Map<Long, Map<Long, Double>> availabilityByRule = new HashMap<>();
        rules.stream().filter(CompiledRule::usesAvailability).forEach(r -> availabilityByRule.put(r.id(), availability));
        MaintenanceCalendar calendar = new MaintenanceCalendar(List.of(new MaintenanceWindowView(1, "weekly", ScopeType.BRANCH, "3",
                Instant.parse("2026-01-04T22:00:00Z"), Instant.parse("2026-01-05T00:00:00Z"), "WEEKLY", null, null, "bench", 0)),
                ZoneId.of("Asia/Tbilisi"));
        Evaluator evaluator = new Evaluator();
        Map<AlertKey, AlertSnapshot> open = new HashMap<>();
        FlapTracker flaps = new FlapTracker(5, Duration.ofMinutes(10));
        Instant t = Instant.parse("2026-11-28T10:00:00Z");
        long[] ids = {1};

        // Warm-up: the JIT compiles the evaluator as it would after some minutes of a running server.
        for (int i = 0; i < 50; i++) {
            round(evaluator, rules, fleet, facts, availabilityByRule, calendar, open, flaps, t = t.plusSeconds(10), ids);
        }
        long[] steady = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            steady[i] = round(evaluator, rules, fleet, facts, availabilityByRule, calendar, open, flaps, t = t.plusSeconds(10), ids)[0];
        }
        // 5 % outage, 20 times over: 25 whole branches go down at once (every down rule opens alerts,
        // children suppressed, branch expressions fire), rounds pass (the FOR 30 s rules fire too),
        // then they come back (everything resolves). The first cycles warm the alert-opening code up.
        int downBranches = Math.max(1, devices / 20 / 20);
        int cycles = 20;
        long[] outage = new long[cycles];
        long[] recovery = new long[cycles];
        long[] withOpen = new long[cycles * 4];
        long opened = 0;
        int peakOpen = 0;
        for (int c = 0; c < cycles; c++) {
            setDown(fleet, facts, downBranches, true);
            long[] r = round(evaluator, rules, fleet, facts, availabilityByRule, calendar, open, flaps, t = t.plusSeconds(10), ids);
            outage[c] = r[0];
            opened = r[1];
            for (int i = 0; i < 4; i++) {
                withOpen[c * 4 + i] = round(evaluator, rules, fleet, facts, availabilityByRule, calendar, open, flaps, t = t.plusSeconds(10), ids)[0];
            }
            peakOpen = Math.max(peakOpen, open.size());
            setDown(fleet, facts, downBranches, false);
            recovery[c] = round(evaluator, rules, fleet, facts, availabilityByRule, calendar, open, flaps, t = t.plusSeconds(10), ids)[0];
            for (int i = 0; i < 4; i++) {
                round(evaluator, rules, fleet, facts, availabilityByRule, calendar, open, flaps, t = t.plusSeconds(10), ids);
            }
        }
        Arrays.sort(steady);
        Arrays.sort(outage);
        Arrays.sort(recovery);
        Arrays.sort(withOpen);
        System.out.printf(java.util.Locale.ROOT,
                "{\"devices\":%d,\"rules\":%d,\"steady_rounds\":%d,\"steady_p50_ms\":%.2f,\"steady_p95_ms\":%.2f,\"steady_max_ms\":%.2f,"
                        + "\"outage_cycles\":%d,\"outage_alerts_opened\":%d,\"peak_open_alerts\":%d,\"outage_round_p50_ms\":%.2f,"
                        + "\"outage_round_max_ms\":%.2f,\"with_open_p50_ms\":%.2f,\"with_open_p95_ms\":%.2f,\"recovery_round_p50_ms\":%.2f,"
                        + "\"recovery_round_max_ms\":%.2f,\"heap_mb\":%d}%n",
                devices, rules.size(), rounds, ms(steady[rounds / 2]), ms(steady[rounds * 95 / 100]), ms(steady[rounds - 1]),
                cycles, opened, peakOpen, ms(outage[cycles / 2]), ms(outage[cycles - 1]), ms(withOpen[withOpen.length / 2]),
                ms(withOpen[withOpen.length * 95 / 100]), ms(recovery[cycles / 2]), ms(recovery[cycles - 1]),
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024 * 1024));
    }

    private static void setDown(AlertFleet fleet, TestFacts facts, int branches, boolean down) {
        Random random = new Random(7);
        for (AlertDevice d : fleet.devices()) {
            if (d.branchId() <= branches) {
                facts.set(d.id(), down ? DeviceStatus.DOWN : DeviceStatus.UP);
                if (down) {
                    facts.rtt.remove(d.id());
                } else {
                    facts.rtt.put(d.id(), 5 + random.nextDouble() * 40);
                }
                facts.loss.put(d.id(), down ? 100.0 : 0.0);
            }
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** One round: evaluate and apply the decision in memory as the engine does; answers {nanos, opened}. */
    private static long[] round(Evaluator evaluator, List<CompiledRule> rules, AlertFleet fleet, TestFacts facts,
                                Map<Long, Map<Long, Double>> availability, MaintenanceCalendar calendar, Map<AlertKey, AlertSnapshot> open,
                                FlapTracker flaps, Instant now, long[] nextId) {
        long t0 = System.nanoTime();
        RoundDecision d = evaluator.evaluate(rules, new Evaluator.Round(now, fleet, facts, availability, calendar, open, flaps,
                flaps.advance(now)));
        long[] ids = new long[d.opened().size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = nextId[0]++;
        }
        for (AlertSnapshot a : Evaluator.assign(d, ids, open)) {
            open.put(Snapshots.key(a), a);
        }
        d.resolved().forEach(a -> open.remove(Snapshots.key(a)));
        return new long[] {System.nanoTime() - t0, ids.length};
    }
}
