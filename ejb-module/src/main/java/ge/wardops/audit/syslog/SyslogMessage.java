package ge.wardops.audit.syslog;

import ge.wardops.audit.AuditFormats;
import ge.wardops.audit.AuditRecord;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * One audit row as an RFC 5424 syslog message:
 * {@code <PRI>1 TIMESTAMP HOST wardops - ACTION [wardops@32473 id=".." actor=".." hash=".."] BOM{json}}.
 * The structured data carries what a SIEM indexes first; the message is the row as one JSON
 * object, the same as a line of the JSON lines export. Refusals and failed logins are sent at
 * severity warning (4), everything else at notice (5). 32473 is the enterprise number RFC 5612
 * reserves for examples: a bank that owns one puts its own in {@link #SD_ID}.
 */
public final class SyslogMessage {

    static final String SD_ID = "wardops@32473";
    private static final String APP = "wardops";
    private static final Set<String> WARNINGS = Set.of("LOGIN_FAILED", "LOGIN_REFUSED", "ACCESS_DENIED", "ACCESS_DENIED_REPEATED");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private SyslogMessage() {
    }

    public static byte[] format(AuditRecord r, int facility, String hostname) {
        int severity = WARNINGS.contains(r.action()) ? 4 : 5;
        String header = "<" + (facility * 8 + severity) + ">1 " + AuditFormats.time(r.occurredAt()) + " "
                + headerField(hostname, 255) + " " + APP + " - " + headerField(r.action(), 32) + " "
                + "[" + SD_ID + " id=\"" + r.id() + "\" actor=\"" + param(r.actor()) + "\" object=\""
                + param(r.objectType() + (r.objectId() == null ? "" : "/" + r.objectId())) + "\" hash=\""
                + param(r.hash()) + "\"] ";
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = AuditFormats.jsonLine(r).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + BOM.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(BOM, 0, out, head.length, BOM.length);
        System.arraycopy(body, 0, out, head.length + BOM.length, body.length);
        return out;
    }

    /** RFC 6587 octet counting: the message's length in bytes, a space, the message. */
    public static byte[] octetCounted(byte[] message) {
        byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(message, 0, out, prefix.length, message.length);
        return out;
    }

    /** Header fields are printable US-ASCII without spaces; "-" when empty. */
    static String headerField(String s, int max) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (b.length() == max) {
                break;
            }
            b.append(c > 32 && c < 127 ? c : '_');
        }
        return b.toString();
    }

    /** SD-PARAM values escape '"', '\' and ']' (RFC 5424, 6.3.3). */
    static String param(String s) {
        if (s == null) {
            return "";
        }
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("]", "\\]");
    }
}
