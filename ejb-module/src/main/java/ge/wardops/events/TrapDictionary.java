package ge.wardops.events;

import ge.wardops.alerting.Severity;
import org.snmp4j.smi.OID;

/**
 * The few OIDs the trap receiver itself must know (RFC 3416's snmpTrapOID and sysUpTime, RFC 3584's
 * snmpTraps for v1 generic traps) and the default severity of the standard traps. Every name an
 * operator reads comes from the MIBs ({@link MibNames}).
 */
final class TrapDictionary {

    static final OID SNMP_TRAP_OID = new OID("1.3.6.1.6.3.1.1.4.1.0");
    static final OID SYS_UPTIME = new OID("1.3.6.1.2.1.1.3.0");
    static final OID SNMP_TRAPS = new OID("1.3.6.1.6.3.1.1.5");

    private TrapDictionary() {
    }

    /** How bad a trap is without a rule: the link and authentication traps warn, the rest inform. */
    static Severity severity(String trapName) {
        return switch (trapName) {
            case "linkDown", "authenticationFailure", "egpNeighborLoss" -> Severity.WARNING;
            default -> Severity.INFO;
        };
    }
}
