package ge.wardops.probe.snmp;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One thing to collect. An OID ending in {@code .0} names a scalar's instance and is fetched with
 * GET; any other OID names a table column (ifHCInOctets, ...) and is walked with GETBULK, giving
 * one reading per row. That is the convention of the MIBs themselves, so templates stay plain data.
 */
public record SnmpItem(String name, String oid, Kind kind) {

    /** How a value is to be read and stored. */
    public enum Kind {
        /** A level that goes up and down (CPU %, temperature, sysUpTime in hundredths of a second). */
        GAUGE,
        /** A 32-bit counter; only its rate means anything, and it wraps at 2^32. */
        COUNTER32,
        /** A 64-bit counter; only its rate means anything, and it wraps at 2^64. */
        COUNTER64,
        /** An enumerated state (ifOperStatus up(1)/down(2)/...), compared, never averaged. */
        STATUS,
        /** A string (ifName, sysDescr). */
        TEXT
    }

    private static final Pattern OID = Pattern.compile("[0-2](\\.(0|[1-9]\\d{0,9}))+");

    public SnmpItem {
        Objects.requireNonNull(kind, "kind");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("an SNMP item needs a name");
        }
        if (oid == null || !OID.matcher(oid).matches()) {
            throw new IllegalArgumentException("'" + oid + "' of item " + name + " is not a numeric OID like 1.3.6.1.2.1.1.3.0");
        }
    }

    /** True for a table column, walked with GETBULK; false for a scalar instance, fetched with GET. */
    public boolean isColumn() {
        return !oid.endsWith(".0");
    }

    public boolean isCounter() {
        return kind == Kind.COUNTER32 || kind == Kind.COUNTER64;
    }
}
