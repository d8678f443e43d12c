package ge.wardops.events;

import ge.wardops.alerting.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The strict syslog parser: what RFC 5424 and RFC 3164 allow is read, what they do not is refused with a reason. */
class SyslogParserTest {

    private static final Instant AT = Instant.parse("2026-12-05T10:00:00Z");

    private static ReceivedEvent parse(String line) throws Exception {
        return SyslogParser.parse(line, InetAddress.getLoopbackAddress(), AT);
    }

    @Test
    void anRfc5424MessageWithEscapedStructuredDataAndABomIsReadCompletely() throws Exception {
        ReceivedEvent e = parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"App\\\"lic\\]ation\"][examplePriority@32473 class=\"high\"] \uFEFFAn application event");
        assertEquals("evntslog", e.name());
        assertEquals("An application event", e.message());
        assertEquals(Severity.INFO, e.severity());
        assertEquals("local4", e.fields().get("facility"));
        assertEquals("notice", e.fields().get("severity"));
        assertEquals("mymachine.example.com", e.fields().get("hostname"));
        assertEquals("ID47", e.fields().get("msgId"));
        assertFalse(e.fields().containsKey("procId"), "a NILVALUE is no field");
        assertEquals("App\"lic]ation", e.fields().get("sd.exampleSDID@32473.eventSource"));
        assertEquals("high", e.fields().get("sd.examplePriority@32473.class"));
    }

    @Test
    void anRfc5424MessageMayHaveNoMessageAtAll() throws Exception {
        ReceivedEvent e = parse("<8>1 - - - - - -");
        assertEquals("", e.message());
        assertEquals(Severity.CRITICAL, e.severity(), "user.emerg");
    }

    @Test
    void anRfc3164MessageGivesItsTagPidAndHost() throws Exception {
        ReceivedEvent e = parse("<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8");
        assertEquals("su", e.name());
        assertEquals("230", e.fields().get("procId"));
        assertEquals("mymachine", e.fields().get("hostname"));
        assertEquals("Oct 11 22:14:15", e.fields().get("timestamp"));
        assertEquals("'su root' failed for lonvick on /dev/pts/8", e.message());
        assertEquals(Severity.CRITICAL, e.severity(), "auth.crit");
    }

    @Test
    void anRfc3164MessageWithoutTimestampOrTagKeepsItsWholeText() throws Exception {
        ReceivedEvent e = parse("<13>%LINK-3-UPDOWN Interface Gi0/1, changed state to down");
        assertEquals("-", e.name());
        assertEquals("%LINK-3-UPDOWN Interface Gi0/1, changed state to down", e.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"no pri at all", "<>1 - - - - - -", "<192>1 - - - - - -", "<013>hello", "<abc>hello", "<1234>x",
            "<13>1 2026-12-05T10:00:00Z host", "<13>1 - - - - - [unclosed", "<13>1 - - - - - [id a=\"b\"]no-space",
            "<13>1 - - - - - [id a=b]", "<13>1 - - - - - [id a=\"b]", "<13>1 - - - - - x"})
    void whatNeitherRfcAllowsIsRefusedWithAReason(String line) {
        SyslogParser.Malformed m = assertThrows(SyslogParser.Malformed.class, () -> parse(line));
        assertFalse(m.getMessage().isBlank());
    }
}
