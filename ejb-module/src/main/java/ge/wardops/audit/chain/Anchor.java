package ge.wardops.audit.chain;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * A signed statement about the audit chain, written outside the database: at {@code anchoredAt}
 * the newest row was {@code lastId} with hash {@code lastHash}, the table held {@code rows} rows,
 * and the rows after {@code fromId} (whose hash was {@code fromHash}) up to {@code lastId} had, in
 * their canonical encoding with their hashes, the SHA-256 {@code segmentSha256}. Signed with
 * Ed25519; {@code key} names the public key (its fingerprint).
 * <p>
 * With the public key alone a reader can therefore check that an export holds exactly the rows
 * the server saw (content included) up to every anchor, and that none was cut off after one.
 */
public record Anchor(String anchoredAt, long fromId, String fromHash, long lastId, String lastHash, long rows,
                     String segmentSha256, String key, String signature) {

    private static final String VERSION = "wardops-audit-anchor-v1";

    /** The bytes the signature covers. */
    public byte[] payload() {
        return String.join("\n", VERSION, anchoredAt, Long.toString(fromId), fromHash, Long.toString(lastId), lastHash,
                Long.toString(rows), segmentSha256, key).getBytes(StandardCharsets.UTF_8);
    }

    /** This anchor signed with {@code privateKey}, whose public half is {@code publicKey}. */
    public Anchor signedWith(PrivateKey privateKey, PublicKey publicKey) {
        Anchor unsigned = new Anchor(anchoredAt, fromId, fromHash, lastId, lastHash, rows, segmentSha256,
                fingerprint(publicKey), null);
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initSign(privateKey);
            ed.update(unsigned.payload());
            return new Anchor(anchoredAt, fromId, fromHash, lastId, lastHash, rows, segmentSha256, unsigned.key,
                    Base64.getEncoder().encodeToString(ed.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
    }

    /** True when the signature is {@code publicKey}'s over this anchor's fields. */
    public boolean verifies(PublicKey publicKey) {
        if (signature == null || !fingerprint(publicKey).equals(key)) {
            return false;
        }
        try {
            Signature ed = Signature.getInstance("Ed25519");
            ed.initVerify(publicKey);
            ed.update(payload());
            return ed.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** One line of the anchor file (and the syslog message body). */
    public String toJsonLine() {
        StringBuilder b = new StringBuilder("{");
        b.append("\"type\":\"wardops-audit-anchor\",\"anchored_at\":");
        CanonicalJson.quote(anchoredAt, b);
        b.append(",\"from_id\":").append(fromId).append(",\"from_hash\":");
        CanonicalJson.quote(fromHash, b);
        b.append(",\"last_id\":").append(lastId).append(",\"last_hash\":");
        CanonicalJson.quote(lastHash, b);
        b.append(",\"rows\":").append(rows).append(",\"segment_sha256\":");
        CanonicalJson.quote(segmentSha256, b);
        b.append(",\"key\":");
        CanonicalJson.quote(key, b);
        b.append(",\"signature\":");
        CanonicalJson.quote(signature, b);
        return b.append('}').toString();
    }

    @SuppressWarnings("unchecked")
    public static Anchor fromJsonLine(String line) {
        Map<String, Object> o = (Map<String, Object>) CanonicalJson.parse(line);
        return new Anchor(text(o, "anchored_at"), number(o, "from_id"), text(o, "from_hash"), number(o, "last_id"),
                text(o, "last_hash"), number(o, "rows"), text(o, "segment_sha256"), text(o, "key"), text(o, "signature"));
    }

    /** The first 16 hex digits of the SHA-256 of the public key's X.509 encoding. */
    public static String fingerprint(PublicKey publicKey) {
        return HexFormat.of().formatHex(sha256(publicKey.getEncoded())).substring(0, 16);
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Map<String, Object> o, String name) {
        if (o.get(name) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("an anchor without " + name);
    }

    private static long number(Map<String, Object> o, String name) {
        if (o.get(name) instanceof BigDecimal n) {
            return n.longValueExact();
        }
        throw new IllegalArgumentException("an anchor without " + name);
    }
}
