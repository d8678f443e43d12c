package ge.wardops.probe.snmp;

import ge.wardops.inventory.credentials.SnmpCredentials;
import ge.wardops.inventory.credentials.SnmpCredentials.AuthProtocol;
import ge.wardops.inventory.credentials.SnmpCredentials.PrivProtocol;
import ge.wardops.inventory.credentials.SnmpCredentials.SecurityLevel;
import ge.wardops.inventory.credentials.SnmpCredentials.Usm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SnmpCredentialsTest {

    @Test
    void secretsNeverAppearInToString() {
        Usm user = Usm.authPriv("monitor", AuthProtocol.SHA256, "auth-secret-1".toCharArray(), PrivProtocol.AES128, "priv-secret-1".toCharArray());
        SnmpCredentials.Community community = new SnmpCredentials.Community("community-secret".toCharArray());

        assertFalse(user.toString().contains("secret"), user.toString());
        assertFalse(community.toString().contains("secret"), community.toString());
        assertFalse(new SnmpTarget(1, java.net.InetAddress.getLoopbackAddress(), 161, user).toString().contains("secret"));
    }

    @Test
    void wipeOverwritesTheSecretsInPlace() {
        char[] auth = "auth-secret-1".toCharArray();
        char[] priv = "priv-secret-1".toCharArray();

        Usm.authPriv("monitor", AuthProtocol.SHA, auth, PrivProtocol.AES128, priv).wipe();

        assertArrayEquals(new char[auth.length], auth);
        assertArrayEquals(new char[priv.length], priv);
    }

    @Test
    void eachSecurityLevelTakesExactlyTheSecretsItUses() {
        assertNotNull(Usm.noAuthNoPriv("monitor"));
        assertNotNull(Usm.authNoPriv("monitor", AuthProtocol.MD5, "old-gear-pass".toCharArray()));
        assertNotNull(Usm.authPriv("monitor", AuthProtocol.SHA, "12345678".toCharArray(), PrivProtocol.DES, "12345678".toCharArray()));

        assertThrows(IllegalArgumentException.class, () -> new Usm("monitor", SecurityLevel.AUTH_PRIV,
                AuthProtocol.SHA, "auth-secret-1".toCharArray(), null, null));
        assertThrows(IllegalArgumentException.class, () -> new Usm("monitor", SecurityLevel.NO_AUTH_NO_PRIV,
                AuthProtocol.SHA, "auth-secret-1".toCharArray(), null, null));
        assertThrows(IllegalArgumentException.class, () -> Usm.authNoPriv("monitor", AuthProtocol.SHA, "short".toCharArray()));
        assertThrows(IllegalArgumentException.class, () -> Usm.noAuthNoPriv(""));
        assertThrows(IllegalArgumentException.class, () -> new SnmpCredentials.Community(new char[0]));
        assertThrows(IllegalArgumentException.class, () -> new SnmpTarget(1, java.net.InetAddress.getLoopbackAddress(), 0,
                new SnmpCredentials.Community("public".toCharArray())));
    }
}
