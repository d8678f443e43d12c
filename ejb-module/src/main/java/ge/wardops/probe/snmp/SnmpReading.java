package ge.wardops.probe.snmp;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One value an agent returned for one item: for a scalar the index is empty, for a table column it
 * is the row's index (the ifIndex for interface tables, "1" for lo on Linux). Counters and gauges
 * are unsigned on the wire, so {@code value} holds the raw 64 bits; read it with
 * {@link #unsignedValue()} or {@link #asDouble()}. An item the agent does not have (noSuchObject,
 * a vendor OID on another vendor's box) is a reading with an error, not a failed poll.
 */
public record SnmpReading(String item, String index, SnmpItem.Kind kind, long value, String text, String error) {

    public SnmpReading {
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(kind, "kind");
    }

    static SnmpReading number(SnmpItem item, String index, long value) {
        return new SnmpReading(item.name(), index, item.kind(), value, null, null);
    }

    static SnmpReading text(SnmpItem item, String index, String text) {
        return new SnmpReading(item.name(), index, item.kind(), 0, text, null);
    }

    static SnmpReading failed(SnmpItem item, String index, String error) {
        return new SnmpReading(item.name(), index, item.kind(), 0, null, error);
    }

    public boolean ok() {
        return error == null;
    }

    public BigInteger unsignedValue() {
        return new BigInteger(Long.toUnsignedString(value));
    }

    /** The value as a double, reading the 64 bits as unsigned (a Counter64 above 2^63 stays positive). */
    public double asDouble() {
        return value >= 0 ? value : unsignedValue().doubleValue();
    }
}
