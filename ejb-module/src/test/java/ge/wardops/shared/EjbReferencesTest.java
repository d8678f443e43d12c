package ge.wardops.shared;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session beans that every API request calls are referenced with {@code @EJB}, never with
 * {@code @Inject}. Through CDI's {@code @Inject} a no-interface EJB is reached via Weld's enterprise
 * proxy, and for each call Payara's {@code EjbContainerServicesImpl.getEJBLocalObject} asks
 * {@code Proxy.getInvocationHandler} of the bean's view, which throws an
 * {@code IllegalArgumentException} that Payara catches: a filled-in stack trace (~5 KB and its CPU)
 * per call, two per dashboard request (JFR on the demo at 10,000 devices, docs/performance.md
 * "2026-12-07 08:10"). {@code @EJB} hands out the container's own view, with no such detour.
 */
class EjbReferencesTest {

    /** Session beans on every request's path: the caller's scope and the in-memory states. */
    private static final Set<String> PER_REQUEST = Set.of("CallerScope", "DeviceStates");

    @Test
    void sessionBeansOnEveryRequestsPathAreNotInjectedThroughCdi() throws IOException, URISyntaxException {
        Pattern injected = Pattern.compile("@Inject\\s+(?:private\\s+|final\\s+)*(\\w+)\\s+\\w+\\s*;");
        Pattern referenced = Pattern.compile("@EJB\\s+(?:private\\s+|final\\s+)*(\\w+)\\s+\\w+\\s*;");
        List<String> offenders = new ArrayList<>();
        int references = 0;
        Path module = Path.of(EjbReferencesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent().getParent();
        for (Path sources : List.of(module.resolve("src/main/java"), module.resolveSibling("web-module").resolve("src/main/java"))) {
            assertTrue(Files.isDirectory(sources), "sources at " + sources);
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String text = Files.readString(file);
                    Matcher m = injected.matcher(text);
                    while (m.find()) {
                        if (PER_REQUEST.contains(m.group(1))) {
                            offenders.add(file.getFileName() + ": @Inject " + m.group(1));
                        }
                    }
                    Matcher r = referenced.matcher(text);
                    while (r.find()) {
                        references += PER_REQUEST.contains(r.group(1)) ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(references >= 10, "the @EJB references were found: " + references);
        assertEquals(List.of(), offenders, "reference these session beans with @EJB");
    }
}
