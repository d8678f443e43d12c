package ge.wardops.events;

import ge.wardops.alerting.ExternalCondition;
import ge.wardops.alerting.Severity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventRuleMatchTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    private static EventRuleView rule(EventKind kind, String trap, String syslogSeverity, String facility, String program, String pattern,
                                      Long regionId, Long deviceId, String subject, String subjectField, String clearedBy) {
        return new EventRuleView(7, "Test rule", true, kind, trap, syslogSeverity, facility, program, pattern, regionId, deviceId,
                Severity.MAJOR, subject, subjectField, clearedBy, "admin", NOW, NOW, 0);
    }

    private static StoredEvent trap(long device, long region, String name, Map<String, String> fields) {
        return new StoredEvent(1, NOW, "127.0.0.9", device, "router-9", region, EventKind.TRAP, Severity.WARNING, name,
                name + " " + fields, fields, "raw");
    }

    private static StoredEvent syslog(long device, String program, String severity, String facility, String message) {
        Map<String, String> fields = Map.of("severity", severity, "facility", facility);
        return new StoredEvent(2, NOW, "127.0.0.9", device, "fw-1", 3L, EventKind.SYSLOG, Severity.INFO, program, message, fields, "raw");
    }

    @Test
    void theSeededLinkDownRuleKeepsTheBuiltInSubjectKeyAndItsLinkUpClearsTheSameInterface() {
        EventRuleMatch linkDown = new EventRuleMatch(rule(EventKind.TRAP, "linkDown", null, null, null, null, null, null, "ifIndex",
                "ifIndex", "linkUp"));
        Map<String, String> down = new LinkedHashMap<>(Map.of("ifIndex.3", "3", "trapOid", "1.3.6.1.6.3.1.1.5.3", "trap", "IF-MIB::linkDown"));
        StoredEvent e = trap(42, 1, "linkDown", down);
        assertTrue(linkDown.raises(e));
        ExternalCondition c = linkDown.condition(e);
        assertEquals("trap:device:42:ifIndex:3", c.subjectKey(), "the key the built-in rule used, so older alerts still clear");
        assertEquals(Severity.MAJOR, c.severity());
        StoredEvent up3 = trap(42, 1, "linkUp", Map.of("ifIndex.3", "3"));
        StoredEvent up4 = trap(42, 1, "linkUp", Map.of("ifIndex.4", "4"));
        assertTrue(linkDown.clears(up3));
        assertEquals(c.subjectKey(), linkDown.subjectKey(up3));
        assertTrue(linkDown.clears(up4));
        assertEquals("trap:device:42:ifIndex:4", linkDown.subjectKey(up4), "another interface's linkUp names another subject");
        assertFalse(linkDown.raises(up3));
    }

    @Test
    void aTrapIsMatchedByNameMibNameOrOidAndOnlyInTheRulesScope() {
        Map<String, String> f = Map.of("trapOid", "1.3.6.1.4.1.99999.0.1", "trap", "ACME-NOC-MIB::acmeFanFailed");
        for (String named : new String[]{"acmeFanFailed", "ACME-NOC-MIB::acmeFanFailed", "1.3.6.1.4.1.99999.0.1"}) {
            assertTrue(new EventRuleMatch(rule(EventKind.TRAP, named, null, null, null, null, null, null, "fan", null, null))
                    .raises(trap(42, 1, "acmeFanFailed", f)), named);
        }
        EventRuleMatch regionTwo = new EventRuleMatch(rule(EventKind.TRAP, "acmeFanFailed", null, null, null, null, 2L, null, "fan", null, null));
        assertFalse(regionTwo.raises(trap(42, 1, "acmeFanFailed", f)), "a device of region 1 is out of a region-2 rule's scope");
        assertTrue(regionTwo.raises(trap(42, 2, "acmeFanFailed", f)));
        EventRuleMatch deviceOnly = new EventRuleMatch(rule(EventKind.TRAP, "acmeFanFailed", null, null, null, null, null, 43L, "fan", null, null));
        assertFalse(deviceOnly.raises(trap(42, 1, "acmeFanFailed", f)));
        StoredEvent unknown = new StoredEvent(3, NOW, "127.0.0.8", null, null, null, EventKind.TRAP, Severity.INFO, "acmeFanFailed", "m", f, "r");
        assertFalse(new EventRuleMatch(rule(EventKind.TRAP, "acmeFanFailed", null, null, null, null, null, null, "fan", null, null)).raises(unknown),
                "an unknown source never raises an alert");
    }

    @Test
    void aSyslogRuleMatchesSeverityOrWorseFacilityProgramAndPattern() {
        EventRuleMatch vpn = new EventRuleMatch(rule(EventKind.SYSLOG, null, "err", "local7", "vpnd", "tunnel \\S+ down", null, null, "vpn",
                null, null));
        assertTrue(vpn.raises(syslog(5, "vpnd", "crit", "local7", "IPsec tunnel to-branch-12 down")));
        assertFalse(vpn.raises(syslog(5, "vpnd", "warning", "local7", "IPsec tunnel to-branch-12 down")), "warning is milder than err");
        assertFalse(vpn.raises(syslog(5, "vpnd", "err", "local6", "IPsec tunnel to-branch-12 down")), "another facility");
        assertFalse(vpn.raises(syslog(5, "bgpd", "err", "local7", "IPsec tunnel to-branch-12 down")), "another program");
        assertFalse(vpn.raises(syslog(5, "vpnd", "err", "local7", "IPsec tunnel to-branch-12 up")), "the pattern does not match");
        assertEquals("syslog:device:5:vpn", vpn.subjectKey(syslog(5, "vpnd", "err", "local7", "x")));
    }

    @Test
    void aCatastrophicallyBacktrackingPatternEndsWithinItsBudgetInsteadOfStallingTheStoreThread() {
        // Java 17's regex memoizes the textbook (a+)+$; this one still backtracks over ~C(60,12) = 10^12 ways.
        Pattern evil = Pattern.compile("(.*a){12}b");
        String input = "a".repeat(60);
        long started = System.nanoTime();
        assertThrows(BoundedRegex.TimedOut.class, () -> BoundedRegex.find(evil, input, 20_000_000L));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertTrue(tookMs < 1000, "ended after " + tookMs + " ms (unbounded it takes hours)");
        assertTrue(BoundedRegex.find(Pattern.compile("tunnel \\S+ down"), "IPsec tunnel x down", 20_000_000L));

        EventRuleMatch bad = new EventRuleMatch(rule(EventKind.SYSLOG, null, null, null, null, "(.*a){12}b", null, null, "evil", null, null));
        assertThrows(BoundedRegex.TimedOut.class, () -> bad.raises(syslog(5, "app", "err", "user", input)));
    }
}
