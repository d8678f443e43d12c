package ge.wardops.security;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;

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
 * read (as Jenkins does), so that the run command can show it.
 * <p>
 * A generated password has been in a log file, so the account must change it at the first login
 * (the console sends it to its password page, the API answers 403 until then). A password the
 * operator supplied ({@code wardops.admin.initial-password}: the tests, the run command's
 * {@code WARDOPS_ADMIN_PASSWORD}) is theirs already and need not be changed (a warning is logged if
 * it breaks the password policy).
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class FirstAdmin {

    private static final Logger LOG = Logger.getLogger(FirstAdmin.class.getName());
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    @EJB
    UserAdministration users;

    @Inject
    PasswordPolicy policy;

    @Inject
    SecuritySettings settings;

    @PostConstruct
    void createIfNoUsers() {
        if (users.count() > 0) {
            return;
        }
        Optional<String> supplied = settings.initialPassword().filter(p -> !p.isBlank());
        String password = supplied.orElseGet(() -> generate(policy));
        boolean mustChange = supplied.isEmpty();
        if (supplied.isPresent() && !policy.problems("password", "admin", password.toCharArray()).isEmpty()) {
            // The operator's choice, but worth a word: every later password must meet the policy.
            LOG.warning("wardops.admin.initial-password does not meet the password policy " + policy.problems("password", "admin",
                    password.toCharArray()).stream().map(e -> e.message()).toList() + "; change it on the console's Password page");
        }
        users.create("admin", password.toCharArray(), "Administrator", Set.of(Roles.ADMIN), Set.of(), mustChange);
        LOG.warning(() -> "WARD OPS first start: created user 'admin' with password '" + password
                + "'. It is shown only once: keep it safe.");
        settings.initialPasswordFile().ifPresent(file -> write(Path.of(file), password));
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

    /** 20 random characters (about 116 bits) that also pass the policy (mixed classes). */
    static String generate(PasswordPolicy policy) {
        SecureRandom random = new SecureRandom();
        for (int attempt = 0; ; attempt++) {
            StringBuilder sb = new StringBuilder(Math.max(20, policy.minLength()));
            while (sb.length() < Math.max(20, policy.minLength())) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            if (attempt >= 100 || policy.problems("password", "admin", sb.toString().toCharArray()).isEmpty()) {
                return sb.toString();
            }
        }
    }
}
