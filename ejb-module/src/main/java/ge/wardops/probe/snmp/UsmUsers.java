package ge.wardops.probe.snmp;

import ge.wardops.inventory.credentials.SnmpCredentials;
import org.snmp4j.security.AuthHMAC192SHA256;
import org.snmp4j.security.AuthMD5;
import org.snmp4j.security.AuthSHA;
import org.snmp4j.security.PrivAES128;
import org.snmp4j.security.PrivDES;
import org.snmp4j.security.SecurityLevel;
import org.snmp4j.security.SecurityProtocols;
import org.snmp4j.security.USM;
import org.snmp4j.smi.OID;
import org.snmp4j.smi.OctetString;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * The USM user table of the shared session, kept consistent while requests are in flight.
 *
 * <p>snmp4j, like net-snmp, keeps one key set per (agent engine ID, user name). Devices that share
 * both yet have different passphrases exist: cloned configs keep the default engine ID, and a
 * wrong passphrase on one device must not break its healthy twin. So a registration is leased:
 * polls with the same credentials share it; a poll with different ones waits until no poll uses
 * the current one, then replaces it. Only localized keys go into snmp4j (never passphrases), and a
 * salted hash tells credentials apart, so nothing here can give a passphrase back.
 */
final class UsmUsers {

    /** Released by the poll when it is done with the registration. */
    interface Lease {
        void release();
    }

    private record Key(OctetString engineId, String userName) {
    }

    private record Waiter(SnmpCredentials.Usm credentials, byte[] fingerprint, CompletableFuture<Lease> granted) {
    }

    private static final class Registration {
        byte[] fingerprint;
        int leases;
        final Queue<Waiter> waiting = new ArrayDeque<>();
    }

    private final USM usm;
    private final SecurityProtocols protocols;
    private final byte[] salt = new byte[16];
    private final Map<Key, Registration> registrations = new HashMap<>();

    UsmUsers(USM usm, SecurityProtocols protocols) {
        this.usm = usm;
        this.protocols = protocols;
        new SecureRandom().nextBytes(salt);
    }

    /** Completes once {@code credentials} are the registered user of that engine, for as long as the lease is held. */
    CompletableFuture<Lease> lease(OctetString engineId, SnmpCredentials.Usm credentials) {
        Key key = new Key(new OctetString(engineId), credentials.userName());
        byte[] fingerprint = fingerprint(credentials);
        synchronized (this) {
            Registration registration = registrations.computeIfAbsent(key, k -> new Registration());
            boolean same = Arrays.equals(registration.fingerprint, fingerprint);
            if (!same && registration.leases > 0) {
                CompletableFuture<Lease> granted = new CompletableFuture<>();
                registration.waiting.add(new Waiter(credentials, fingerprint, granted));
                return granted;
            }
            if (!same) {
                register(key, credentials, fingerprint, registration);
            }
            registration.leases++;
        }
        return CompletableFuture.completedFuture(releaser(key));
    }

    private Lease releaser(Key key) {
        boolean[] released = {false};
        return () -> {
            List<CompletableFuture<Lease>> grant = List.of();
            synchronized (this) {
                if (released[0]) {
                    return;
                }
                released[0] = true;
                Registration registration = registrations.get(key);
                registration.leases--;
                if (registration.leases == 0 && !registration.waiting.isEmpty()) {
                    grant = admitNext(key, registration);
                }
            }
            // Outside the lock: the granted polls continue on this thread and may lease again.
            grant.forEach(future -> future.complete(releaser(key)));
        };
    }

    /** Registers the first waiter's credentials and admits every waiter that has the same. */
    private List<CompletableFuture<Lease>> admitNext(Key key, Registration registration) {
        Waiter first = registration.waiting.peek();
        register(key, first.credentials(), first.fingerprint(), registration);
        List<CompletableFuture<Lease>> admitted = new java.util.ArrayList<>();
        registration.waiting.removeIf(waiter -> {
            if (Arrays.equals(waiter.fingerprint(), first.fingerprint())) {
                admitted.add(waiter.granted());
                return true;
            }
            return false;
        });
        registration.leases += admitted.size();
        return admitted;
    }

    private void register(Key key, SnmpCredentials.Usm credentials, byte[] fingerprint, Registration registration) {
        OctetString userName = new OctetString(credentials.userName());
        usm.removeAllUsers(userName, key.engineId());
        OID auth = authProtocol(credentials.authProtocol());
        OID priv = privProtocol(credentials.privProtocol());
        byte[] authKey = auth == null ? null : localize(auth, null, credentials.authPassphrase(), key.engineId());
        byte[] privKey = priv == null ? null : localize(priv, auth, credentials.privPassphrase(), key.engineId());
        usm.addLocalizedUser(key.engineId().getValue(), userName, auth, authKey, priv, privKey);
        registration.fingerprint = fingerprint;
    }

    /** RFC 3414 A.2 key localization (with RFC 3826 key extension for privacy), wiping the passphrase copy. */
    private byte[] localize(OID protocol, OID authForPriv, char[] passphrase, OctetString engineId) {
        byte[] bytes = utf8(passphrase);
        OctetString secret = new OctetString(bytes);
        Arrays.fill(bytes, (byte) 0);
        try {
            return authForPriv == null
                    ? protocols.passwordToKey(protocol, secret, engineId.getValue())
                    : protocols.passwordToKey(protocol, authForPriv, secret, engineId.getValue());
        } finally {
            Arrays.fill(secret.getValue(), (byte) 0);
        }
    }

    static OID authProtocol(SnmpCredentials.AuthProtocol protocol) {
        if (protocol == null) {
            return null;
        }
        return switch (protocol) {
            case MD5 -> AuthMD5.ID;
            case SHA -> AuthSHA.ID;
            case SHA256 -> AuthHMAC192SHA256.ID;
        };
    }

    static OID privProtocol(SnmpCredentials.PrivProtocol protocol) {
        if (protocol == null) {
            return null;
        }
        return switch (protocol) {
            case DES -> PrivDES.ID;
            case AES128 -> PrivAES128.ID;
        };
    }

    static int securityLevel(SnmpCredentials.SecurityLevel level) {
        return switch (level) {
            case NO_AUTH_NO_PRIV -> SecurityLevel.NOAUTH_NOPRIV;
            case AUTH_NO_PRIV -> SecurityLevel.AUTH_NOPRIV;
            case AUTH_PRIV -> SecurityLevel.AUTH_PRIV;
        };
    }

    private byte[] fingerprint(SnmpCredentials.Usm credentials) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            sha.update((credentials.level() + "|" + credentials.authProtocol() + "|" + credentials.privProtocol() + "|")
                    .getBytes(StandardCharsets.UTF_8));
            for (char[] secret : new char[][]{credentials.authPassphrase(), credentials.privPassphrase()}) {
                byte[] bytes = secret == null ? new byte[0] : utf8(secret);
                sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
                Arrays.fill(bytes, (byte) 0);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer buffer = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
        byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.position(), buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
