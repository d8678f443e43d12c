package ge.wardops.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AES-256-GCM sealing of stored secrets, and where its key comes from. */
class SecretBoxTest {

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private final SecretBox box = SecretBox.withKey(randomKey());

    @Test
    void aSealedSecretOpensToTheSameCharactersAndDoesNotContainThem() {
        char[] secret = "public-ροουτερ-42".toCharArray();
        byte[] sealed = box.seal(secret.clone());
        assertArrayEquals(secret, box.openChars(sealed));
        assertEquals(SecretBox.CURRENT_KEY_ID, sealed[0], "the key id comes first");
        assertEquals(1 + 12 + new String(secret).getBytes(StandardCharsets.UTF_8).length + 16, sealed.length,
                "key id, IV, ciphertext, tag");
        assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("public"));
    }

    @Test
    void theSameSecretSealsDifferentlyEveryTimeBecauseEachValueHasItsOwnIv() {
        byte[] a = box.seal("same-secret".toCharArray());
        byte[] b = box.seal("same-secret".toCharArray());
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 1, 13), Arrays.copyOfRange(b, 1, 13)), "different IVs");
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void aChangedByteAnywhereIsRefusedNotDecryptedToGarbage() {
        byte[] sealed = box.seal("community-1".toCharArray());
        for (int i = 1; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertThrows(SecretBox.UnreadableSecretException.class, () -> box.open(tampered), "byte " + i);
        }
        byte[] otherKeyId = sealed.clone();
        otherKeyId[0] = 2;
        assertThrows(SecretBox.UnreadableSecretException.class, () -> box.open(otherKeyId));
        assertThrows(SecretBox.UnreadableSecretException.class, () -> box.open(new byte[5]));
    }

    @Test
    void anotherKeyCannotOpenTheSecret() {
        byte[] sealed = box.seal("community-1".toCharArray());
        SecretBox other = SecretBox.withKey(randomKey());
        SecretBox.UnreadableSecretException e = assertThrows(SecretBox.UnreadableSecretException.class, () -> other.open(sealed));
        assertTrue(e.getMessage().contains("wardops.secrets.key"), e.getMessage());
    }

    @Test
    void withoutAConfiguredKeyOneIsGeneratedIntoAFileOnlyItsOwnerCanReadAndReusedAfterwards(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config/wardops-secrets.key");
        byte[] first = SecretBox.keyFrom(null, file);
        assertTrue(Files.exists(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, first.length);
        assertArrayEquals(first, SecretBox.keyFrom("  ", file), "the next start reads the same key");
        assertArrayEquals(first, Base64.getDecoder().decode(Files.readString(file).strip()),
                "the file holds the key as wardops.secrets.key takes it, so it can be copied to the other nodes");
    }

    @Test
    void aConfiguredKeyWinsAndIsCheckedForItsLength(@TempDir Path dir) {
        byte[] key = randomKey();
        Path file = dir.resolve("unused.key");
        assertArrayEquals(key, SecretBox.keyFrom(Base64.getEncoder().encodeToString(key), file));
        assertFalse(Files.exists(file), "no file is written when the key is configured");
        IllegalStateException shortKey = assertThrows(IllegalStateException.class,
                () -> SecretBox.keyFrom(Base64.getEncoder().encodeToString(new byte[16]), file));
        assertTrue(shortKey.getMessage().contains("32"), shortKey.getMessage());
        assertThrows(IllegalStateException.class, () -> SecretBox.keyFrom("not base64 at all!", file));
    }

    @Test
    void theDefaultKeyFileIsInTheDomainsConfigFolderWhenThereIsOne() {
        String before = System.getProperty("com.sun.aas.instanceRoot");
        try {
            System.setProperty("com.sun.aas.instanceRoot", "/opt/payara/glassfish/domains/wardops");
            assertEquals(Path.of("/opt/payara/glassfish/domains/wardops/config/wardops-secrets.key"), SecretBox.defaultKeyFile());
            System.clearProperty("com.sun.aas.instanceRoot");
            assertEquals(Path.of(System.getProperty("user.home"), ".wardops", "secrets.key"), SecretBox.defaultKeyFile());
        } finally {
            if (before != null) {
                System.setProperty("com.sun.aas.instanceRoot", before);
            }
        }
    }
}
