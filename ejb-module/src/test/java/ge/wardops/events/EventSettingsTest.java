package ge.wardops.events;

import org.junit.jupiter.api.Test;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.UsmUser;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The events settings refuse what cannot work, with the key's name, instead of failing later at a socket. */
class EventSettingsTest {

    @Test
    void theDefaultsAreValidAndListenOnLoopbackOnly() {
        EventSettings d = EventSettings.defaults();
        assertEquals("127.0.0.1", d.trapAddress());
        assertEquals("127.0.0.1", d.syslogAddress());
        assertTrue(d.trapPort() > 1024 && d.syslogPort() > 1024, "unprivileged ports for the demo");
    }

    @Test
    void impossibleValuesAreRefusedNamingTheKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventSettings.defaults().withTrapListener("127.0.0.1", 70000))
                .getMessage().contains("trap.port"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventSettings.defaults().withLimits(10, 200, 1000))
                .getMessage().contains("queue-capacity"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EventSettings.defaults().withLimits(1000, 0, 1000))
                .getMessage().contains("source-per-second"));
    }

    @Test
    void aV3UserSpecGivesTheUsmUserAndABadOneIsRefused() {
        UsmUser u = TrapListener.usmUser("noc:SHA:auth-pass-1:AES128:priv-pass-1");
        assertEquals("noc", u.getSecurityName().toString());
        assertEquals(AuthSHA.ID, u.getAuthenticationProtocol());
        assertEquals(PrivAES128.ID, u.getPrivacyProtocol());
        assertNull(TrapListener.usmUser("noc:SHA:auth-pass-1").getPrivacyProtocol(), "authNoPriv");
        for (String bad : List.of("noc", "noc:ROT13:auth-pass-1", "noc:SHA:short", "noc:SHA:auth-pass-1:AES128", "noc:SHA:auth-pass-1:XOR:priv-pass-1")) {
            assertThrows(IllegalArgumentException.class, () -> TrapListener.usmUser(bad), bad);
        }
    }

    @Test
    void invalidSettingsLeaveTheReceiversOffAndNameTheProblemInsteadOfThrowing() {
        EventSettings d = EventSettings.defaults();
        EventSettings.Loaded badPort = EventSettings.load(() -> d.withSyslogListener("127.0.0.1", 0));
        assertTrue(badPort.problem().contains("syslog.port"), badPort.problem());
        assertTrue(!badPort.settings().trapEnabled() && !badPort.settings().syslogEnabled(), "both receivers off");
        EventSettings.Loaded badPattern = EventSettings.load(() -> new EventSettings(true, "127.0.0.1", 10162, List.of("public"),
                List.of(), true, "127.0.0.1", 10514, 8192, 64, 8, 20_000, 500, 200, 1000, 30, 3, "([unclosed",
                ge.wardops.alerting.Severity.MAJOR, 60, 2));
        assertTrue(badPattern.problem().contains("syslog-alert-pattern"), badPattern.problem());
        assertEquals(60, d.addressReloadSeconds(), "the inventory copy is read again at least every minute");
        EventSettings.Loaded badReload = EventSettings.load(() -> new EventSettings(true, "127.0.0.1", 10162, List.of("public"),
                List.of(), true, "127.0.0.1", 10514, 8192, 64, 8, 20_000, 500, 200, 1000, 30, 3, "", ge.wardops.alerting.Severity.MAJOR, 0, 2));
        assertTrue(badReload.problem().contains("address-reload-seconds"), badReload.problem());
        assertEquals("", badPattern.settings().syslogAlertPattern(), "no syslog alerting from a broken pattern");
        EventSettings.Loaded badCap = EventSettings.load(() -> d.withSyslogConnectionLimits(64, 65));
        assertTrue(badCap.problem().contains("syslog.max-connections-per-source"), badCap.problem());
        assertEquals(8, d.syslogMaxConnectionsPerSource(), "a device keeps one connection, a relay a few");
        EventSettings.Loaded fine = EventSettings.load(() -> d);
        assertNull(fine.problem());
        assertEquals(d, fine.settings());
    }
}
