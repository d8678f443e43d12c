package ge.wardops.alerting;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A condition another capability decided about a device, raised through the engine as an alert
 * with no rule (the events capability's rules: a linkDown trap on interface 3). The subject key
 * de-duplicates: while an alert for it is open, the same condition again changes nothing; the
 * clearing condition (a linkUp for the same interface) resolves it.
 *
 * <p>The columns bound what is kept ({@code alerts.subject_key} varchar(120), {@code alerts.message}
 * varchar(1000)): a longer message is cut to {@link #MAX_MESSAGE} characters (ending in "…"); a longer
 * subject key is cut and ends in a hash of the whole key, so two different long keys stay two subjects
 * and the same long key always names the same subject. Without this, a device's long syslog line or a
 * huge ifIndex string in a trap made the alert's insert fail and no alert was raised at all.
 *
 * @param subjectKey  what the alert is about, e.g. {@code trap:device:42:ifIndex:3}; unique per condition
 * @param subjectName how people name the subject, e.g. {@code router-7 interface 3 (Gi0/3)}
 */
public record ExternalCondition(String subjectKey, long deviceId, String subjectName, Severity severity, String message,
                                Instant at) {

    /** {@code alerts.subject_key}. */
    public static final int MAX_SUBJECT_KEY = 120;
    /** {@code alerts.message}. */
    public static final int MAX_MESSAGE = 1000;
    /** Longest subject name kept (it lands in the alert's texts and notifications, not in a column of its own). */
    public static final int MAX_SUBJECT_NAME = 300;

    public ExternalCondition {
        subjectKey = key(subjectKey);
        subjectName = cut(subjectName, MAX_SUBJECT_NAME);
        message = cut(message, MAX_MESSAGE);
    }

    /** The subject key as stored: itself when it fits, else cut and ending in a hash of the whole (clearing uses it too). */
    public static String key(String key) {
        if (key == null || key.length() <= MAX_SUBJECT_KEY) {
            return key;
        }
        String hash = "#" + sha256(key).substring(0, 16);
        return key.substring(0, MAX_SUBJECT_KEY - hash.length()) + hash;
    }

    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never leave half a character behind
        }
        return text.substring(0, end) + "…";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
