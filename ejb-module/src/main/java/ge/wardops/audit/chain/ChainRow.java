package ge.wardops.audit.chain;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One audit row as the chain sees it: every column, the time as written in exports
 * ({@code 2026-11-28T10:15:30.123456Z}), before/after as JSON text in any formatting.
 * {@code keyId} is null for a row written before the keyed chain (a legacy row).
 */
public record ChainRow(long id, String occurredAt, String actor, String clientAddress, String action,
                       String objectType, String objectId, Long regionId, String details, String before,
                       String after, String keyId, String prevHash, String hash) {

    /** The hash before the first row of a log that never archived anything. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] VERSION = "wardops-audit-v1".getBytes(StandardCharsets.US_ASCII);

    /**
     * What the keyed hash covers, unambiguously: a version tag, then each field as {@code -} (null)
     * or {@code +<length in bytes>:<UTF-8>}: id, time, actor, client address, action, object type,
     * object id, region id, details, canonical before, canonical after, key id, previous hash.
     */
    public byte[] canonical() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(VERSION);
        for (String field : new String[] {Long.toString(id), occurredAt, actor, clientAddress, action, objectType,
                objectId, regionId == null ? null : regionId.toString(), details, CanonicalJson.of(before),
                CanonicalJson.of(after), keyId, prevHash}) {
            field(out, field);
        }
        return out.toByteArray();
    }

    /** As {@link #canonical()}, followed by the row's own hash: what an anchor's segment digest covers. */
    public byte[] canonicalWithHash() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(320);
        out.writeBytes(canonical());
        field(out, hash);
        return out.toByteArray();
    }

    /** This row with its previous hash, key id and hash set (the rest unchanged). */
    public ChainRow linked(String newPrevHash, String newKeyId, String newHash) {
        return new ChainRow(id, occurredAt, actor, clientAddress, action, objectType, objectId, regionId, details,
                before, after, newKeyId, newPrevHash, newHash);
    }

    private static void field(ByteArrayOutputStream out, String value) {
        if (value == null) {
            out.write('-');
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(("+" + bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
    }

    /** A row from one line of a JSON lines export or archive (the format of {@code AuditFormats.jsonLine}). */
    @SuppressWarnings("unchecked")
    public static ChainRow fromJsonLine(String line) {
        Map<String, Object> o = (Map<String, Object>) CanonicalJson.parse(line);
        return new ChainRow(number(o.get("id")), text(o.get("occurred_at")), text(o.get("actor")),
                text(o.get("client_address")), text(o.get("action")), text(o.get("object_type")),
                text(o.get("object_id")), o.get("region_id") instanceof BigDecimal r ? r.longValueExact() : null,
                text(o.get("details")), json(o.get("before")), json(o.get("after")), text(o.get("key_id")),
                text(o.get("prev_hash")), text(o.get("hash")));
    }

    private static long number(Object v) {
        if (v instanceof BigDecimal n) {
            return n.longValueExact();
        }
        throw new IllegalArgumentException("a row without a numeric id");
    }

    private static String text(Object v) {
        return v instanceof String s ? s : null;
    }

    private static String json(Object v) {
        if (v == null || v == CanonicalJson.NULL) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        CanonicalJson.write(v, b);
        return b.toString();
    }
}
