package ge.wardops.audit.chain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The HMAC keys of the audit chain, by id. The last key listed is the current one (new rows); the
 * others stay for verifying older rows, which is all a rotation needs: add a line, restart.
 * Text form (the key file, or the setting with ',' between entries): {@code <id> <base64 of 32 bytes>}
 * per line, {@code #} comments.
 */
public final class ChainKeys {

    public static final int KEY_BYTES = 32;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, byte[]> keys;
    private final String current;

    private ChainKeys(Map<String, byte[]> keys, String current) {
        this.keys = keys;
        this.current = current;
    }

    /** Reads the text form; throws with the line at fault. */
    public static ChainKeys parse(String text, String source) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        String last = null;
        int n = 0;
        for (String raw : text.split("[\\n,]")) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("[\\s:]+", 2);
            if (parts.length != 2 || !ID.matcher(parts[0]).matches()) {
                throw new IllegalStateException(source + " entry " + n + ": expected '<key id> <base64 key>'");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(parts[1].strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(source + " entry " + n + " (key " + parts[0] + "): not base64");
            }
            if (key.length < KEY_BYTES) {
                throw new IllegalStateException(source + " entry " + n + " (key " + parts[0] + "): " + key.length
                        + " bytes; at least " + KEY_BYTES + " are needed");
            }
            if (keys.put(parts[0], key) != null) {
                throw new IllegalStateException(source + ": key id " + parts[0] + " appears twice");
            }
            last = parts[0];
        }
        if (last == null) {
            throw new IllegalStateException(source + " holds no key");
        }
        return new ChainKeys(keys, last);
    }

    /** One line of the text form with a new random key. */
    public static String newKeyLine(String id) {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return id + " " + Base64.getEncoder().encodeToString(key);
    }

    public String currentId() {
        return current;
    }

    public boolean has(String id) {
        return keys.containsKey(id);
    }

    /** The keyed hash of {@code row} (whose keyId names the key) as 64 hex digits. */
    public String hash(ChainRow row) {
        byte[] key = keys.get(row.keyId());
        if (key == null) {
            throw new IllegalArgumentException("no audit chain key " + row.keyId());
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(row.canonical()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }
}
