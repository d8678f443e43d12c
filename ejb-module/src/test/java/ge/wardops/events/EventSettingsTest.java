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
}
