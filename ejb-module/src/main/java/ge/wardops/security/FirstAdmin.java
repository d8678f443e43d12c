package ge.wardops.security;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * On the very first start (no users at all) creates the user "admin" with a generated password,
 * prints it once to the server log and, if configured, writes it to a file only its owner can
 * read (as Jenkins does), so that the run command can show it. The account is flagged
 * must_change_password; enforcing the change at login belongs to the security work.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class.getName());
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    @EJB
    UserDirectory users;

    @Inject
    @ConfigProperty(name = "wardops.admin.initial-password-file")
    Optional<String> passwordFile;

    /** Set only by tests and the demo: a known first password instead of a generated one. */
    @Inject
    @ConfigProperty(name = "wardops.admin.initial-password")
    Optional<String> fixedPassword;

    @PostConstruct
    void createIfNoUsers() {
        if (users.count() > 0) {
            return;
        }
        String password = fixedPassword.filter(p -> !p.isBlank()).orElseGet(FirstAdmin::generate);
        users.create("admin", password.toCharArray(), "Administrator", Set.of(Roles.ADMIN), Set.of(), fixedPassword.isEmpty());
        LOG.warning(() -> "WARD OPS first start: created user 'admin' with password '" + password
                + "'. It is shown only once: keep it safe.");
        passwordFile.ifPresent(file -> write(Path.of(file), password));
    }

    private static void write(Path file, String password) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardOpenOption.WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warning("Could not write the first admin password to " + file + ": " + e);
        }
    }

    static String generate() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
