package ge.wardops.events;

/** Where an event came from. */
public enum EventKind {
    /** An SNMP trap (v1, v2c, v3) or an acknowledged INFORM. */
    TRAP,
    /** A syslog message (RFC 5424 or RFC 3164, UDP or TCP). */
    SYSLOG,
    /** The receiver's own: one source sent more than its rate allows; the excess was counted and dropped. */
    STORM
}
