package ge.wardops.alerting.expression;

import ge.wardops.devicestate.DeviceStatus;

/**
 * A parsed condition: a small tree evaluated in memory, thousands of times per round, allocating
 * nothing. Built by {@link ExpressionParser} (or directly for the fixed rule kinds).
 */
public sealed interface Condition {

    boolean test(Subject subject, Facts facts);

    /** The condition as the grammar writes it (normalised), for messages and the API. */
    String text();

    record And(Condition left, Condition right) implements Condition {
        public boolean test(Subject s, Facts f) {
            return left.test(s, f) && right.test(s, f);
        }

        public String text() {
            return "(" + left.text() + " AND " + right.text() + ")";
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        public boolean test(Subject s, Facts f) {
            return left.test(s, f) || right.test(s, f);
        }

        public String text() {
            return "(" + left.text() + " OR " + right.text() + ")";
        }
    }

    record Not(Condition inner) implements Condition {
        public boolean test(Subject s, Facts f) {
            return !inner.test(s, f);
        }

        public String text() {
            return "NOT " + inner.text();
        }
    }

    /** {@code down}, {@code up}, {@code unknown}: the device's current status. */
    record StatusIs(DeviceStatus status) implements Condition {
        public boolean test(Subject s, Facts f) {
            return f.status(s.deviceId()) == status;
        }

        public String text() {
            return status.name().toLowerCase();
        }
    }

    /** {@code rtt > 100}, {@code snmp.ifOperStatus == 2} (true if any interface matches). */
    record Compare(Metric metric, String snmpItem, Comparison op, double value) implements Condition {
        public boolean test(Subject s, Facts f) {
            long id = s.deviceId();
            switch (metric) {
                case SNMP -> {
                    for (double v : f.snmp(id, snmpItem)) {
                        if (op.holds(v, value)) {
                            return true;
                        }
                    }
                    return false;
                }
                default -> {
                    Double v = switch (metric) {
                        case RTT -> f.rttMs(id);
                        case LOSS -> f.lossPercent(id);
                        case AVAILABILITY -> f.availability(id);
                        default -> null;
                    };
                    return v != null && op.holds(v, value);
                }
            }
        }

        public String text() {
            return (metric == Metric.SNMP ? "snmp." + snmpItem : metric.name().toLowerCase()) + " " + op.symbol() + " " + number(value);
        }
    }

    /** {@code branch.percent(down) > 30}: over the members of a group subject. */
    record Aggregate(Level level, Function function, Condition inner, Comparison op, double value) implements Condition {
        public boolean test(Subject s, Facts f) {
            long[] members = s.members();
            if (members == null || members.length == 0) {
                return false;
            }
            int matching = 0;
            for (long m : members) {
                if (inner.test(Subject.device(m), f)) {
                    matching++;
                }
            }
            double measured = function == Function.PERCENT ? 100.0 * matching / members.length : matching;
            return op.holds(measured, value);
        }

        public String text() {
            return level.name().toLowerCase() + "." + function.name().toLowerCase() + "(" + inner.text() + ") "
                    + op.symbol() + " " + number(value);
        }
    }

    enum Metric { RTT, LOSS, AVAILABILITY, SNMP }

    enum Function { PERCENT, COUNT }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
