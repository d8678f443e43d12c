package ge.wardops.events;

import ge.wardops.alerting.Severity;
import org.snmp4j.smi.OID;

import java.util.Map;

/**
 * Names and enumerations of the standard trap objects (SNMPv2-MIB, IF-MIB, SNMP-COMMUNITY-MIB), so
 * that a linkDown reads as {@code linkDown ifIndex=3 ifOperStatus=down(2)} rather than as numbers.
 * A fixed table, not a MIB compiler: loading vendor MIBs needs a MIB parser library, which is not
 * available here yet (docs/events.md, "MIB decoding"). Unknown OIDs are kept as dotted numbers.
 */
final class TrapDictionary {

    static final OID SNMP_TRAP_OID = new OID("1.3.6.1.6.3.1.1.4.1.0");
    static final OID SYS_UPTIME = new OID("1.3.6.1.2.1.1.3.0");
    static final OID SNMP_TRAPS = new OID("1.3.6.1.6.3.1.1.5");

    /** Trap OIDs by name; a v1 generic trap n is SNMP_TRAPS.(n+1) (RFC 3584, 3.1). */
    private static final Map<String, String> TRAPS = Map.of(
            "1.3.6.1.6.3.1.1.5.1", "coldStart",
            "1.3.6.1.6.3.1.1.5.2", "warmStart",
            "1.3.6.1.6.3.1.1.5.3", "linkDown",
            "1.3.6.1.6.3.1.1.5.4", "linkUp",
            "1.3.6.1.6.3.1.1.5.5", "authenticationFailure",
            "1.3.6.1.6.3.1.1.5.6", "egpNeighborLoss");

    /** Object (column or scalar) OIDs by name; an instance suffix is appended (ifIndex.3). */
    private static final Map<String, String> OBJECTS = Map.ofEntries(
            Map.entry("1.3.6.1.2.1.1.3", "sysUpTime"),
            Map.entry("1.3.6.1.2.1.1.5", "sysName"),
            Map.entry("1.3.6.1.6.3.1.1.4.1", "snmpTrapOID"),
            Map.entry("1.3.6.1.6.3.1.1.4.3", "snmpTrapEnterprise"),
            Map.entry("1.3.6.1.6.3.18.1.3", "snmpTrapAddress"),
            Map.entry("1.3.6.1.6.3.18.1.4", "snmpTrapCommunity"),
            Map.entry("1.3.6.1.2.1.2.2.1.1", "ifIndex"),
            Map.entry("1.3.6.1.2.1.2.2.1.2", "ifDescr"),
            Map.entry("1.3.6.1.2.1.2.2.1.3", "ifType"),
            Map.entry("1.3.6.1.2.1.2.2.1.7", "ifAdminStatus"),
            Map.entry("1.3.6.1.2.1.2.2.1.8", "ifOperStatus"),
            Map.entry("1.3.6.1.2.1.31.1.1.1.1", "ifName"),
            Map.entry("1.3.6.1.2.1.31.1.1.1.18", "ifAlias"));

    private static final Map<String, String> IF_STATUS = Map.of("1", "up", "2", "down", "3", "testing", "4", "unknown",
            "5", "dormant", "6", "notPresent", "7", "lowerLayerDown");

    private TrapDictionary() {
    }

    /** The trap's name, or its dotted OID when unknown. */
    static String trapName(OID trap) {
        return TRAPS.getOrDefault(trap.toDottedString(), trap.toDottedString());
    }

    /** The name of a varbind's OID with its instance suffix ({@code ifOperStatus.3}), or the dotted OID. */
    static String objectName(OID oid) {
        int[] raw = oid.getValue();
        for (int prefix = raw.length; prefix > 0; prefix--) {
            String name = OBJECTS.get(new OID(raw, 0, prefix).toDottedString());
            if (name != null) {
                return prefix == raw.length ? name : name + "." + new OID(raw, prefix, raw.length - prefix).toDottedString();
            }
        }
        return oid.toDottedString();
    }

    /** A value as an operator reads it: the enumeration's label next to the number where one is known. */
    static String value(String objectName, String value) {
        String base = objectName.contains(".") ? objectName.substring(0, objectName.indexOf('.')) : objectName;
        if (base.equals("ifOperStatus") || base.equals("ifAdminStatus")) {
            String label = IF_STATUS.get(value);
            return label == null ? value : label + "(" + value + ")";
        }
        return value;
    }

    /** How bad a trap is without a rule: the link and authentication traps warn, the rest inform. */
    static Severity severity(String trapName) {
        return switch (trapName) {
            case "linkDown", "authenticationFailure", "egpNeighborLoss" -> Severity.WARNING;
            default -> Severity.INFO;
        };
    }
}
