package ge.wardops.events;

import ge.wardops.alerting.Severity;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One syslog message, RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID SD MSG}) or RFC 3164
 * ({@code <PRI>Mmm dd hh:mm:ss HOST TAG[pid]: MSG}), into an event. Strict where it matters: the PRI
 * must be there and in range, and a message that claims version 1 must have all of RFC 5424's header
 * fields and well-formed structured data; anything else is refused ({@link Malformed}) and counted
 * by the receiver, never guessed at. A 3164 message without the timestamp (some devices send none)
 * keeps its whole text as the message. No syslog parser library is on Maven Central that fits a
 * Jakarta EE 10 server without pulling a framework in (docs/events.md), hence this small one.
 */
final class SyslogParser {

    /** A message that is not syslog: the reason says which part is wrong. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
            "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2", "local3", "local4",
            "local5", "local6", "local7"};
    static final String[] SEVERITIES = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
    private static final Pattern BSD_TIMESTAMP = Pattern.compile("(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 0-3]\\d \\d\\d:\\d\\d:\\d\\d ");
    private static final Pattern BSD_TAG = Pattern.compile("([^\\s:\\[]{1,64})(?:\\[([^\\]\\s]{1,32})\\])?: ?");
    private static final Pattern SD_NAME = Pattern.compile("[\\x21-\\x7e&&[^= \\]\"]]{1,32}");

    private SyslogParser() {
    }

    static ReceivedEvent parse(String line, InetAddress source, Instant at) throws Malformed {
        if (line.isEmpty() || line.charAt(0) != '<') {
            throw new Malformed("no <PRI> at the start");
        }
        int close = line.indexOf('>');
        if (close < 2 || close > 4) {
            throw new Malformed("the PRI is not 1 to 3 digits in angle brackets");
        }
        int pri;
        try {
            pri = Integer.parseInt(line.substring(1, close));
        } catch (NumberFormatException e) {
            throw new Malformed("the PRI is not a number");
        }
        if (pri < 0 || pri > 191 || (close > 2 && line.charAt(1) == '0')) {
            throw new Malformed("PRI " + line.substring(1, close) + " is outside 0..191 or has a leading zero");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("facility", FACILITIES[pri / 8]);
        fields.put("severity", SEVERITIES[pri % 8]);
        String rest = line.substring(close + 1);
        String name;
        String message;
        if (rest.startsWith("1 ")) {
            fields.put("format", "rfc5424");
            String[] header = new String[5];
            int pos = 2;
            for (int i = 0; i < 5; i++) {
                int sp = rest.indexOf(' ', pos);
                if (sp < 0 || sp == pos) {
                    throw new Malformed("RFC 5424 header field " + (i + 1) + " of 5 (timestamp, host, app, procid, msgid) is missing");
                }
                header[i] = rest.substring(pos, sp);
                pos = sp + 1;
            }
            put(fields, "timestamp", header[0]);
            put(fields, "hostname", header[1]);
            put(fields, "appName", header[2]);
            put(fields, "procId", header[3]);
            put(fields, "msgId", header[4]);
            pos = structuredData(rest, pos, fields);
            message = pos >= rest.length() ? "" : rest.substring(pos);
            if (message.startsWith("\uFEFF")) {
                message = message.substring(1);
            }
            name = header[2].equals("-") ? "-" : header[2];
        } else {
            fields.put("format", "rfc3164");
            Matcher ts = BSD_TIMESTAMP.matcher(rest);
            if (ts.lookingAt()) {
                fields.put("timestamp", rest.substring(0, ts.end() - 1));
                rest = rest.substring(ts.end());
                int sp = rest.indexOf(' ');
                if (sp > 0) {
                    fields.put("hostname", rest.substring(0, sp));
                    rest = rest.substring(sp + 1);
                }
            }
            Matcher tag = BSD_TAG.matcher(rest);
            if (tag.lookingAt() && rest.length() > tag.end(1) && (rest.charAt(tag.end(1)) == ':' || rest.charAt(tag.end(1)) == '[')) {
                name = tag.group(1);
                fields.put("tag", name);
                if (tag.group(2) != null) {
                    fields.put("procId", tag.group(2));
                }
                message = rest.substring(tag.end());
            } else {
                name = "-";
                message = rest;
            }
        }
        return new ReceivedEvent(at, source, EventKind.SYSLOG, severity(pri % 8), name, message.strip(), fields, line);
    }

    /** Reads STRUCTURED-DATA at {@code pos} into fields ({@code sd.ID.PARAM}); answers where MSG starts. */
    private static int structuredData(String s, int pos, Map<String, String> fields) throws Malformed {
        if (s.startsWith("-", pos)) {
            return skipSpace(s, pos + 1);
        }
        if (!s.startsWith("[", pos)) {
            throw new Malformed("RFC 5424 structured data is neither '-' nor '[...]'");
        }
        while (pos < s.length() && s.charAt(pos) == '[') {
            pos++;
            int end = name(s, pos, "SD-ID");
            String id = s.substring(pos, end);
            pos = end;
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
                end = name(s, pos, "PARAM-NAME");
                String param = s.substring(pos, end);
                pos = end;
                if (!s.startsWith("=\"", pos)) {
                    throw new Malformed("structured data parameter " + param + " has no =\"value\"");
                }
                pos += 2;
                StringBuilder value = new StringBuilder();
                while (true) {
                    if (pos >= s.length()) {
                        throw new Malformed("structured data value of " + param + " is not closed");
                    }
                    char c = s.charAt(pos++);
                    if (c == '\\' && pos < s.length() && "\"\\]".indexOf(s.charAt(pos)) >= 0) {
                        value.append(s.charAt(pos++));
                    } else if (c == '"') {
                        break;
                    } else {
                        value.append(c);
                    }
                }
                fields.put("sd." + id + "." + param, value.toString());
            }
            if (pos >= s.length() || s.charAt(pos) != ']') {
                throw new Malformed("structured data element " + id + " is not closed by ]");
            }
            pos++;
        }
        return skipSpace(s, pos);
    }

    private static int name(String s, int pos, String what) throws Malformed {
        Matcher m = SD_NAME.matcher(s).region(pos, s.length());
        if (!m.lookingAt()) {
            throw new Malformed("structured data " + what + " is missing or has a forbidden character");
        }
        return m.end();
    }

    private static int skipSpace(String s, int pos) throws Malformed {
        if (pos < s.length() && s.charAt(pos) != ' ') {
            throw new Malformed("no space between structured data and the message");
        }
        return Math.min(s.length(), pos + 1);
    }

    private static void put(Map<String, String> fields, String key, String value) {
        if (!value.equals("-")) {
            fields.put(key, value);
        }
    }

    /** emerg, alert, crit: CRITICAL; err: MAJOR; warning: WARNING; notice, info, debug: INFO. */
    static Severity severity(int syslogSeverity) {
        return syslogSeverity <= 2 ? Severity.CRITICAL : syslogSeverity == 3 ? Severity.MAJOR
                : syslogSeverity == 4 ? Severity.WARNING : Severity.INFO;
    }
}
