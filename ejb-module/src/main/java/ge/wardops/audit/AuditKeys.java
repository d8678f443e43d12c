package ge.wardops.audit;

import ge.wardops.audit.chain.AnchorKeys;
import ge.wardops.audit.chain.ChainKeys;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.logging.Logger;

/**
 * The audit log's two keys, both kept outside PostgreSQL:
 * <ul>
 * <li>the HMAC keys of the chain ({@code wardops.audit.chain.keys}, e.g. from a password alias; else
 *     the file {@code wardops.audit.chain.key-file}, created 0600 with key {@code k1} on the first start);
 *     the last one listed signs new rows, the others verify old ones;</li>
 * <li>the Ed25519 key pair that signs anchors ({@code wardops.audit.anchor.key-file}, created 0600
 *     on the first start, its public half beside it as {@code .pub}, the file auditors receive).</li>
 * </ul>
 * Every node of a cluster must be given the same keys. Also names the folder anchors are written
 * to ({@code wardops.audit.anchor.dir}), the other thing the chain check reads outside the database.
 */
@ApplicationScoped
public class AuditKeys {

    private static final Logger LOG = Logger.getLogger(AuditKeys.class.getName());

    @Inject
    AuditSettings settings;

    private ChainKeys chain;
    private KeyPair anchor;
    private Path anchorKeyFile;

    @PostConstruct
    void load() {
        chain = settings.chainKeys()
                .map(k -> ChainKeys.parse(k, "wardops.audit.chain.keys"))
                .orElseGet(() -> chainKeysFrom(settings.chainKeyFile().orElseGet(() -> defaultFile("wardops-audit-chain.keys"))));
        anchorKeyFile = settings.anchorKeyFile().orElseGet(() -> defaultFile("wardops-audit-anchor.key"));
        try {
            anchor = AnchorKeys.loadOrCreate(anchorKeyFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit anchor key " + anchorKeyFile
                    + "; set wardops.audit.anchor.key-file", e);
        }
        LOG.info(() -> "Audit chain: new rows are keyed with key " + chain.currentId() + "; anchors are signed with the key in "
                + anchorKeyFile.toAbsolutePath() + " (public key for auditors: " + AnchorKeys.publicFile(anchorKeyFile).toAbsolutePath() + ")");
    }

    /** Loads the keys at deployment, so a bad key file fails the start instead of the first audited change. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object started) {
        // Observing is enough: CDI creates the bean to deliver the event.
    }

    public ChainKeys chain() {
        return chain;
    }

    public KeyPair anchor() {
        return anchor;
    }

    /** The append-only file the anchors go to (besides syslog). */
    public AnchorFile anchorFile() {
        return new AnchorFile(settings.anchorDir());
    }

    /** Where auditors find the public key. */
    public Path anchorPublicKeyFile() {
        return AnchorKeys.publicFile(anchorKeyFile).toAbsolutePath();
    }

    static ChainKeys chainKeysFrom(Path file) {
        try {
            if (!Files.exists(file)) {
                generate(file);
            }
            return ChainKeys.parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit chain key file " + file
                    + "; set wardops.audit.chain.keys or wardops.audit.chain.key-file", e);
        }
    }

    private static void generate(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException anotherNodeWasFaster) {
            return;
        }
        Files.writeString(file, "# WARD OPS audit chain HMAC keys: '<id> <base64>'; the last line keys new rows.\n"
                + "# Never remove a line: older rows need their key to verify. Every node needs this same file.\n"
                + ChainKeys.newKeyLine("k1") + "\n", StandardOpenOption.WRITE);
        LOG.warning(() -> "WARD OPS generated the audit chain key file " + file.toAbsolutePath() + ". Keep a copy with the "
                + "bank's key custodian: without it the audit log's keyed hashes cannot be verified. In a cluster, give every "
                + "node this file (or wardops.audit.chain.keys).");
    }

    /** The domain's config folder on Payara Server (kept with the domain), else the user's home. */
    static Path defaultFile(String name) {
        String instanceRoot = System.getProperty("com.sun.aas.instanceRoot");
        return instanceRoot != null && !instanceRoot.isBlank()
                ? Path.of(instanceRoot, "config", name)
                : Path.of(System.getProperty("user.home"), ".wardops", name);
    }
}
