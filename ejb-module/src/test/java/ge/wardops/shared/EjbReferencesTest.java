package ge.wardops.shared;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session beans are referenced with {@code @EJB}, never with {@code @Inject}. Through CDI's
 * {@code @Inject} a no-interface EJB is reached via Weld's enterprise proxy, and for each call Payara's
 * {@code EjbContainerServicesImpl.getEJBLocalObject} asks {@code Proxy.getInvocationHandler} of the
 * bean's view, which throws an {@code IllegalArgumentException} that Payara catches: a filled-in stack
 * trace (~5 KB and its CPU) per call, two per dashboard request before the request path was changed
 * (JFR on the demo at 10,000 devices, docs/performance.md "2026-12-07 08:10"), three per health check.
 * {@code @EJB} hands out the container's own view, with no such detour.
 */
class EjbReferencesTest {

    /** A class annotated as a session bean with the jakarta.ejb annotation (not jakarta.inject.Singleton). */
    private static final Pattern SESSION_BEAN = Pattern.compile("^@(Stateless|Stateful|Singleton)\\b[\\s\\S]*?\\bclass (\\w+)", Pattern.MULTILINE);
    private static final Pattern INJECTED = Pattern.compile("@Inject\\s+(?:private\\s+|protected\\s+|final\\s+)*(\\w+)\\s+\\w+\\s*;");
    private static final Pattern REFERENCED = Pattern.compile("@EJB\\s+(?:private\\s+|protected\\s+|final\\s+)*(\\w+)\\s+\\w+\\s*;");

    @Test
    void sessionBeansAreNeverInjectedThroughCdi() throws IOException {
        Map<Path, String> sources = ProductionSources.javaFiles();
        Set<String> sessionBeans = sessionBeans(sources);
        assertTrue(sessionBeans.containsAll(Set.of("CallerScope", "DeviceStates", "AuditLog", "AvailabilityRounds")),
                "the session beans were found: " + sessionBeans);
        assertTrue(sessionBeans.stream().noneMatch(b -> b.equals("Notifications") || b.equals("Permissions")),
                "CDI beans are not taken for session beans: " + sessionBeans);
        List<String> offenders = new ArrayList<>();
        int references = 0;
        for (Map.Entry<Path, String> file : sources.entrySet()) {
            Matcher injected = INJECTED.matcher(file.getValue());
            while (injected.find()) {
                if (sessionBeans.contains(injected.group(1))) {
                    offenders.add(file.getKey().getFileName() + ": @Inject " + injected.group(1));
                }
            }
            Matcher referenced = REFERENCED.matcher(file.getValue());
            while (referenced.find()) {
                references += sessionBeans.contains(referenced.group(1)) ? 1 : 0;
            }
        }
        assertTrue(references >= 100, "the @EJB references were found: " + references);
        assertEquals(List.of(), offenders, "reference these session beans with @EJB");
    }

    private static Set<String> sessionBeans(Map<Path, String> sources) {
        Set<String> beans = new TreeSet<>();
        for (String text : sources.values()) {
            Matcher m = SESSION_BEAN.matcher(text);
            if (m.find() && text.contains("import jakarta.ejb." + m.group(1) + ";")) {
                beans.add(m.group(2));
            }
        }
        return beans;
    }
}
