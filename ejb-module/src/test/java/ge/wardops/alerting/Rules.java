package ge.wardops.alerting;

import ge.wardops.inventory.DeviceType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Rules and fleets for the tests and the benchmark, written the way an operator would configure them. */
public final class Rules {

    private Rules() {
    }

    public static AlertRuleView rule(long id, RuleKind kind, ScopeType scope, String scopeValue, String expression, Double threshold,
                                     int forSeconds) {
        return new AlertRuleView(id, kind + " " + id, kind, scope, scopeValue, expression, threshold, null,
                kind == RuleKind.AVAILABILITY_BELOW ? 3600 : null, forSeconds, Severity.MAJOR, "{rule} on {subject} ({branch})", true,
                "test", Instant.EPOCH, Instant.EPOCH, 0);
    }

    public static CompiledRule down(long id, int forSeconds) {
        return RuleValidation.compile(rule(id, RuleKind.DEVICE_DOWN, ScopeType.ALL, null, null, null, forSeconds));
    }

    public static CompiledRule expression(long id, String expression) {
        return RuleValidation.compile(rule(id, RuleKind.EXPRESSION, ScopeType.ALL, null, expression, null, 0));
    }

    public static AlertDevice device(long id, long branch, long region, Long parent) {
        return new AlertDevice(id, "dev-" + id, "127.0.0." + (id % 250), id % 10 == 0 ? DeviceType.ROUTER : DeviceType.ATM, branch,
                "Branch " + branch, region, "Region " + region, parent, Set.of(id % 2 == 0 ? "even" : "odd"), Set.of(), true);
    }

    /**
     * {@code devices} devices, {@code perBranch} to a branch, the first of each branch its router and
     * every other device's parent; branches spread over 10 regions.
     */
    public static AlertFleet bank(int devices, int perBranch) {
        List<AlertDevice> out = new ArrayList<>(devices);
        for (long id = 1; id <= devices; id++) {
            long branch = (id - 1) / perBranch + 1;
            long router = (branch - 1) * perBranch + 1;
            out.add(device(id, branch, branch % 10 + 1, id == router ? null : router));
        }
        return AlertFleet.of(out);
    }
}
