package ge.wardops.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No integration test signs in as "admin" with a password written out: the only right one is
 * {@link Deployments#ADMIN_PASSWORD}, and any other is a failure that counts towards locking the
 * administrator every later class signs in as (three in a row on the test server). A CI run on a
 * machine that ordered the classes differently locked it this way.
 */
class NoWrongAdminPasswordTest {

    /** "admin" followed, as the next argument, by a string literal: a password written out. */
    private static final Pattern LITERAL_PASSWORD = Pattern.compile("\"admin\"\\s*,\\s*\"");

    @Test
    void noTestTriesAWrittenOutPasswordAsTheAdministrator() throws IOException, URISyntaxException {
        // target/test-classes -> the module -> its test sources.
        Path sources = Path.of(NoWrongAdminPasswordTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().getParent().resolve("src/test/java");
        assertTrue(Files.isDirectory(sources), "test sources at " + sources);
        List<String> offenders = new ArrayList<>();
        int signIns = 0;
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith("IT.java")).toList()) {
                String text = Files.readString(file);
                Matcher m = LITERAL_PASSWORD.matcher(text);
                while (m.find()) {
                    offenders.add(file.getFileName() + " at " + text.substring(m.start(), Math.min(text.length(), m.end() + 20)));
                }
                signIns += text.split("\"admin\", Deployments.ADMIN_PASSWORD", -1).length - 1;
            }
        }
        assertTrue(signIns >= 20, "the administrator's sign-ins were found: " + signIns);
        assertEquals(List.of(), offenders, "fail with an account of the test's own (TestFleet.user)");
    }
}
