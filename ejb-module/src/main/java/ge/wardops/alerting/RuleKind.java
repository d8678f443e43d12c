package ge.wardops.alerting;

/** What a rule watches; every kind but EXPRESSION is a fixed condition with a threshold. */
public enum RuleKind {
    /** The device is DOWN (after the probe's debounce). */
    DEVICE_DOWN,
    /** The last round's average RTT above {@code threshold} ms. */
    RTT_ABOVE,
    /** The last round's packet loss above {@code threshold} %. */
    LOSS_ABOVE,
    /** Any interface's ifOperStatus is down(2) in the latest SNMP poll. */
    SNMP_INTERFACE_DOWN,
    /** The per-second rate of the counter {@code snmpItem} (e.g. ifInErrors) above {@code threshold} on any interface. */
    SNMP_RATE_ABOVE,
    /** ... below {@code threshold} on any interface. */
    SNMP_RATE_BELOW,
    /** Percent of probes answered over {@code windowSeconds} below {@code threshold}. */
    AVAILABILITY_BELOW,
    /** A condition written in the expression grammar, possibly over a branch or region. */
    EXPRESSION
}
