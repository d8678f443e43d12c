package ge.wardops.audit.chain;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 key pair that signs anchors, as PEM files: the private key (PKCS#8, mode 0600) and
 * beside it {@code <file>.pub} (X.509 SubjectPublicKeyInfo), the file auditors are given.
 */
public final class AnchorKeys {

    private AnchorKeys() {
    }

    /** The pair in {@code privateFile} (and its .pub), generated there first if it does not exist. */
    public static KeyPair loadOrCreate(Path privateFile) throws IOException {
        if (!Files.exists(privateFile)) {
            generate(privateFile);
        }
        PrivateKey privateKey = privateKey(Files.readString(privateFile));
        Path pub = publicFile(privateFile);
        PublicKey publicKey = publicKey(Files.readString(pub));
        return new KeyPair(publicKey, privateKey);
    }

    public static Path publicFile(Path privateFile) {
        return privateFile.resolveSibling(privateFile.getFileName() + ".pub");
    }

    public static PublicKey publicKey(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not an Ed25519 public key (PEM \"PUBLIC KEY\"): " + e.getMessage(), e);
        }
    }

    public static PrivateKey privateKey(String pem) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("not an Ed25519 private key (PEM \"PRIVATE KEY\"): " + e.getMessage(), e);
        }
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem) {
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static void generate(Path privateFile) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available in this JVM", e);
        }
        Path dir = privateFile.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        try {
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException anotherNodeWasFaster) {
            return;
        }
        Files.writeString(publicFile(privateFile), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.writeString(privateFile, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardOpenOption.WRITE);
    }
}
