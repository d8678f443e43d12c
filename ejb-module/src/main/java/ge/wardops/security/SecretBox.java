package ge.wardops.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Encrypts secrets that must be stored but read back (SNMP communities and passphrases, which
 * cannot be hashed because the poller needs them): AES-256-GCM, a random 12-byte IV per value,
 * stored as {@code keyId || iv || ciphertext || tag}. The key id comes first so that a later key
 * can be introduced while values sealed with the old one stay readable. A changed byte or a
 * different key makes {@link #open} fail; it never returns garbage.
 *
 * <p>The key is {@code wardops.secrets.key} (base64 of 32 bytes). Without it, a key is generated
 * on the first start into {@code wardops.secrets.key-file}, with a warning: every node of a
 * cluster must use the same key, and losing the file makes every stored secret unreadable.
 */
@ApplicationScoped
public class SecretBox {

    /** A stored secret that this server cannot decrypt: wrong key, unknown key id, or tampered. */
    public static class UnreadableSecretException extends IllegalStateException {
        UnreadableSecretException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Logger LOG = Logger.getLogger(SecretBox.class.getName());

    /** The id of the only key so far; a rotation adds the next one and keeps this for reading. */
    static final byte CURRENT_KEY_ID = 1;
    static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    SecuritySettings settings;

    private Map<Byte, SecretKey> keys;

    protected SecretBox() {
        // for CDI
    }

    /** A box with a given key, for tests and tools. */
    public static SecretBox withKey(byte[] key) {
        SecretBox box = new SecretBox();
        box.keys = Map.of(CURRENT_KEY_ID, aesKey(key));
        return box;
    }

    @PostConstruct
    void loadKey() {
        Path file = settings.secretsKeyFile().filter(f -> !f.isBlank()).map(Path::of).orElseGet(SecretBox::defaultKeyFile);
        byte[] key = keyFrom(settings.secretsKey().orElse(null), file);
        try {
            keys = Map.of(CURRENT_KEY_ID, aesKey(key));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** Loads the key at deployment, so a bad key fails the start instead of the first save. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing is enough: CDI creates the bean, and so runs loadKey, to deliver the event.
    }

    /** Encrypts {@code secret}; the chars are encoded as UTF-8 and the encoded copy is wiped. */
    public byte[] seal(char[] secret) {
        byte[] plain = utf8(secret);
        try {
            return seal(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    public byte[] seal(byte[] plain) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(CURRENT_KEY_ID), new GCMParameterSpec(TAG_BITS, iv));
            // The key id is authenticated too: changing it is tampering like any other.
            cipher.updateAAD(new byte[] {CURRENT_KEY_ID});
            byte[] sealed = new byte[1 + IV_BYTES + cipher.getOutputSize(plain.length)];
            sealed[0] = CURRENT_KEY_ID;
            System.arraycopy(iv, 0, sealed, 1, IV_BYTES);
            cipher.doFinal(plain, 0, plain.length, sealed, 1 + IV_BYTES);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Decrypts a value sealed by {@link #seal}; the caller wipes the result when done. */
    public byte[] open(byte[] sealed) {
        if (sealed == null || sealed.length < 1 + IV_BYTES + TAG_BITS / 8) {
            throw new UnreadableSecretException("a stored secret is too short to be an encrypted value", null);
        }
        SecretKey key = keys.get(sealed[0]);
        if (key == null) {
            throw new UnreadableSecretException("a stored secret was encrypted with key " + sealed[0]
                    + ", which this server does not have (see wardops.secrets.key)", null);
        }
        try {
            Cipher cipher = Cipher.getInstance(CIPHER);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, IV_BYTES));
            cipher.updateAAD(sealed, 0, 1);
            return cipher.doFinal(sealed, 1 + IV_BYTES, sealed.length - 1 - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new UnreadableSecretException("a stored secret cannot be decrypted: it was encrypted with another "
                    + "key (is wardops.secrets.key the same on every node?) or it was changed", e);
        } catch (GeneralSecurityException e) {
            throw new UnreadableSecretException("a stored secret cannot be decrypted: " + e.getMessage(), e);
        }
    }

    /** As {@link #open}, decoded from UTF-8; the intermediate bytes are wiped. */
    public char[] openChars(byte[] sealed) {
        byte[] plain = open(sealed);
        CharBuffer chars = null;
        try {
            chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plain));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new UnreadableSecretException("a stored secret is not UTF-8 text", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
            if (chars != null && chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
        }
    }

    private static byte[] utf8(char[] secret) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return out;
    }

    // ------------------------------------------------------------------------------- the key

    /**
     * The key: {@code configured} (base64 of 32 bytes) when set; else the one in {@code keyFile},
     * which is created (mode 0600, base64 like the setting, so it can be copied into it) when missing.
     */
    static byte[] keyFrom(String configured, Path keyFile) {
        if (configured != null && !configured.isBlank()) {
            return decode(configured.strip(), "wardops.secrets.key");
        }
        try {
            if (!Files.exists(keyFile)) {
                generate(keyFile);
            }
            return decode(Files.readString(keyFile).strip(), keyFile.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secrets key file " + keyFile
                    + "; set wardops.secrets.key or wardops.secrets.key-file", e);
        }
    }

    private static void generate(Path keyFile) throws IOException {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        Path dir = keyFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try {
            // Created with its final mode: the key is never readable by others, not even briefly.
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException anotherNodeWasFaster) {
            return;
        }
        try {
            Files.writeString(keyFile, Base64.getEncoder().encodeToString(key) + "\n", StandardOpenOption.WRITE);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        LOG.warning(() -> "WARD OPS generated a new secrets key in " + keyFile.toAbsolutePath() + " because "
                + "wardops.secrets.key is not set. In production set wardops.secrets.key explicitly (for example from a "
                + "password alias), and give every node of a cluster the same key: a node with another key cannot "
                + "read the SNMP credentials stored by the others, and losing this file loses them all.");
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not base64 (expected 32 random bytes in base64)");
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(source + " holds " + key.length + " bytes; AES-256 needs exactly " + KEY_BYTES);
        }
        return key;
    }

    private static SecretKey aesKey(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256 needs a key of " + KEY_BYTES + " bytes");
        }
        return new SecretKeySpec(key, "AES");
    }

    /** The domain's config folder on Payara Server (kept with the domain), else the user's home. */
    static Path defaultKeyFile() {
        String instanceRoot = System.getProperty("com.sun.aas.instanceRoot");
        return instanceRoot != null && !instanceRoot.isBlank()
                ? Path.of(instanceRoot, "config", "wardops-secrets.key")
                : Path.of(System.getProperty("user.home"), ".wardops", "secrets.key");
    }
}
