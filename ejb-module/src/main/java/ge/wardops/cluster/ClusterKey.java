package ge.wardops.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * The cluster's shared secret: an AES key under the alias {@value #ALIAS} in a PKCS12 keystore file
 * every node has (made by {@code deployment/wardops.sh cluster up}, or by hand with
 * {@code keytool -genseckey}), and the keystore's password, read from a file of its own so it is
 * never on a command line. JGroups' SYM_ENCRYPT encrypts every message between the nodes with it.
 * Checked when the settings are read: a missing file, a wrong password or a keystore without the
 * key stops the start with a message that says which.
 */
public record ClusterKey(Path keystore, String password) {

    /** The alias of the secret key in the keystore. */
    public static final String ALIAS = "wardops-cluster";

    public ClusterKey {
        if (keystore == null || password == null) {
            throw new IllegalArgumentException("the cluster key needs a keystore and its password");
        }
    }

    /** Reads the password file (its first line) and checks that the keystore opens with it and holds an AES key at {@value #ALIAS}. */
    public static ClusterKey load(Path keystore, Path passwordFile) {
        String password;
        try {
            password = Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("wardops.cluster.keystore-password-file: cannot read " + passwordFile + ": " + e.getMessage());
        }
        ClusterKey key = new ClusterKey(keystore, password);
        key.check();
        return key;
    }

    private void check() {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            if (!store.entryInstanceOf(ALIAS, KeyStore.SecretKeyEntry.class)) {
                throw new IllegalArgumentException("wardops.cluster.keystore: " + keystore + " holds no secret key '" + ALIAS + "'");
            }
            String algorithm = store.getKey(ALIAS, password.toCharArray()).getAlgorithm();
            if (!"AES".equalsIgnoreCase(algorithm)) {
                throw new IllegalArgumentException("wardops.cluster.keystore: the key '" + ALIAS + "' is " + algorithm + ", not AES");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("wardops.cluster.keystore: cannot open " + keystore + " (" + e.getMessage()
                    + "; a wrong password reads like this too)");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("wardops.cluster.keystore: " + keystore + " is not a PKCS12 keystore with the key '"
                    + ALIAS + "': " + e.getMessage());
        }
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "ClusterKey[" + keystore + "]";
    }
}
