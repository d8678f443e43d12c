package ge.wardops.events;

import org.jsmiparser.smi.SmiMib;
import org.jsmiparser.smi.SmiNamedNumber;
import org.jsmiparser.smi.SmiNotificationType;
import org.jsmiparser.smi.SmiTrapType;
import org.jsmiparser.smi.SmiVariable;
import org.snmp4j.smi.Integer32;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.Variable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the loaded MIBs say about OIDs, as the trap decoder needs it: a notification's (or v1
 * TRAP-TYPE's) module and name, an object's name and its enumeration labels. Immutable and made
 * once per MIB set, so the receiver's thread reads it without a lock; the parser's own model is
 * not kept.
 */
public final class MibNames {

    /** A trap as the MIB names it: {@code IF-MIB::linkDown}. */
    public record Named(String module, String name) {
        public String qualified() {
            return module + "::" + name;
        }
    }

    private record ObjectInfo(Named named, Map<Long, String> labels) {
    }

    private static final MibNames EMPTY = new MibNames(Map.of(), Map.of());

    private final Map<String, Named> traps;
    private final Map<String, ObjectInfo> objects;

    private MibNames(Map<String, Named> traps, Map<String, ObjectInfo> objects) {
        this.traps = traps;
        this.objects = objects;
    }

    /** No MIB at all: every OID is shown as numbers. */
    public static MibNames empty() {
        return EMPTY;
    }

    static MibNames of(SmiMib mib) {
        Map<String, Named> traps = new HashMap<>();
        for (SmiNotificationType n : mib.getNotificationTypes()) {
            if (n.getOidStr() != null) {
                traps.put(n.getOidStr(), new Named(n.getModule().getId(), n.getId()));
            }
        }
        for (SmiTrapType t : mib.getTrapTypes()) {
            // RFC 3584, 3.1: a v1 enterprise-specific trap is enterprise.0.specific.
            if (t.getEnterpriseOid() != null && t.getEnterpriseOid().getOidStr() != null) {
                traps.putIfAbsent(t.getEnterpriseOid().getOidStr() + ".0." + t.getSpecificType(), new Named(t.getModule().getId(), t.getId()));
            }
        }
        Map<String, ObjectInfo> objects = new HashMap<>();
        for (SmiVariable v : mib.getVariables()) {
            if (v.getOidStr() == null) {
                continue;
            }
            Map<Long, String> labels = new HashMap<>();
            List<SmiNamedNumber> values = v.getEnumValues();
            if (values != null) {
                for (SmiNamedNumber n : values) {
                    labels.put(n.getValue().longValue(), n.getId());
                }
            }
            objects.put(v.getOidStr(), new ObjectInfo(new Named(v.getModule().getId(), v.getId()), Map.copyOf(labels)));
        }
        return new MibNames(Map.copyOf(traps), Map.copyOf(objects));
    }

    /** The notification with exactly this OID, or null. */
    public Named trap(OID trapOid) {
        return traps.get(trapOid.toDottedString());
    }

    /** How many notifications and objects are known (for the list and the log). */
    public int traps() {
        return traps.size();
    }

    public int objects() {
        return objects.size();
    }

    /**
     * A varbind as an operator reads it: the object's name with the instance suffix
     * ({@code ifIndex.3}) and the value, an enumeration as {@code down(2)}. An OID no MIB names keeps
     * its dotted form and raw value.
     */
    public Map.Entry<String, String> varbind(OID oid, Variable value) {
        int[] raw = oid.getValue();
        for (int prefix = raw.length; prefix > 0; prefix--) {
            ObjectInfo info = objects.get(new OID(raw, 0, prefix).toDottedString());
            if (info != null) {
                String name = prefix == raw.length ? info.named().name()
                        : info.named().name() + "." + new OID(raw, prefix, raw.length - prefix).toDottedString();
                String label = value instanceof Integer32 i ? info.labels().get((long) i.getValue()) : null;
                return Map.entry(name, label == null ? value.toString() : label + "(" + value + ")");
            }
        }
        return Map.entry(oid.toDottedString(), value.toString());
    }
}
