package ge.wardops.inventory.credentials;

import java.util.Arrays;
import java.util.Objects;

/**
 * How to authenticate to one agent: a v2c community or a v3 USM user. Secrets are char arrays
 * so the caller, which decrypts them from storage, can wipe them with {@link #wipe()} once the
 * poller no longer needs them; toString never prints them.
 */
public sealed interface SnmpCredentials permits SnmpCredentials.Community, SnmpCredentials.Usm {

    /** Overwrites the secrets in place. */
    void wipe();

    /** SNMPv2c: the community is the only secret, sent in clear text. */
    record Community(char[] community) implements SnmpCredentials {
        public Community {
            Objects.requireNonNull(community, "community");
            if (community.length == 0) {
                throw new IllegalArgumentException("community must not be empty");
            }
        }

        @Override
        public void wipe() {
            Arrays.fill(community, '\0');
        }

        @Override
        public String toString() {
            return "Community[****]";
        }
    }

    /** RFC 3414 security levels. */
    enum SecurityLevel {
        NO_AUTH_NO_PRIV, AUTH_NO_PRIV, AUTH_PRIV
    }

    /** Digest of authenticated messages. MD5 and SHA(-1) only for older gear that knows nothing better. */
    enum AuthProtocol {
        MD5, SHA, SHA256
    }

    /** Encryption of the PDU. DES only for older gear; AES-128 (RFC 3826) is what current agents speak. */
    enum PrivProtocol {
        DES, AES128
    }

    /**
     * SNMPv3 user-based security. The protocols and passphrases a level does not use must be null:
     * a half-configured user is a configuration mistake better refused here than at 3 a.m.
     */
    record Usm(String userName, SecurityLevel level, AuthProtocol authProtocol, char[] authPassphrase,
               PrivProtocol privProtocol, char[] privPassphrase) implements SnmpCredentials {

        /** RFC 3414 11.2: shorter passphrases give keys too weak to accept; snmpd refuses them too. */
        public static final int MIN_PASSPHRASE_LENGTH = 8;

        public Usm {
            Objects.requireNonNull(userName, "userName");
            Objects.requireNonNull(level, "level");
            if (userName.isEmpty() || userName.length() > 32) {
                throw new IllegalArgumentException("a USM user name has 1 to 32 characters");
            }
            boolean auth = level != SecurityLevel.NO_AUTH_NO_PRIV;
            boolean priv = level == SecurityLevel.AUTH_PRIV;
            check(auth, authProtocol, authPassphrase, "authentication");
            check(priv, privProtocol, privPassphrase, "privacy");
        }

        public static Usm noAuthNoPriv(String userName) {
            return new Usm(userName, SecurityLevel.NO_AUTH_NO_PRIV, null, null, null, null);
        }

        public static Usm authNoPriv(String userName, AuthProtocol auth, char[] authPassphrase) {
            return new Usm(userName, SecurityLevel.AUTH_NO_PRIV, auth, authPassphrase, null, null);
        }

        public static Usm authPriv(String userName, AuthProtocol auth, char[] authPassphrase,
                                   PrivProtocol priv, char[] privPassphrase) {
            return new Usm(userName, SecurityLevel.AUTH_PRIV, auth, authPassphrase, priv, privPassphrase);
        }

        private static void check(boolean needed, Object protocol, char[] passphrase, String what) {
            if (needed && (protocol == null || passphrase == null)) {
                throw new IllegalArgumentException("this security level needs an " + what + " protocol and passphrase");
            }
            if (!needed && (protocol != null || passphrase != null)) {
                throw new IllegalArgumentException("this security level uses no " + what + " protocol or passphrase");
            }
            if (needed && passphrase.length < MIN_PASSPHRASE_LENGTH) {
                throw new IllegalArgumentException("an " + what + " passphrase has at least " + MIN_PASSPHRASE_LENGTH + " characters");
            }
        }

        @Override
        public void wipe() {
            if (authPassphrase != null) {
                Arrays.fill(authPassphrase, '\0');
            }
            if (privPassphrase != null) {
                Arrays.fill(privPassphrase, '\0');
            }
        }

        @Override
        public String toString() {
            return "Usm[" + userName + ", " + level + ", " + authProtocol + ", " + privProtocol + "]";
        }
    }
}
