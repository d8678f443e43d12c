package ge.wardops.shared;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MicroProfile Config treats {@code defaultValue = ""} as "no value": Payara Server then refuses the
 * whole deployment when the property is unset (Payara Micro in the tests has it set, so only the EAR
 * would fail). An optional setting must be an {@code Optional}; this test reads every class of the
 * module and names any injection point that breaks the rule.
 */
class ConfigPropertiesTest {

    private static final Pattern DECLARATION = Pattern.compile("@ConfigProperty\\(\\s*name\\s*=\\s*\"([^\"]+)\"");

    @Test
    void noInjectedSettingHasAnEmptyDefaultInsteadOfBeingOptional() throws IOException {
        // The module's own production classes.
        Path classes = ProductionSources.module().resolve("target/classes");
        List<String> offenders = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, getClass().getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                for (Field f : type.getDeclaredFields()) {
                    ConfigProperty p = f.getAnnotation(ConfigProperty.class);
                    if (p == null) {
                        continue;
                    }
                    seen++;
                    if (p.defaultValue().isEmpty() && f.getType() != Optional.class) {
                        offenders.add(type.getSimpleName() + "." + f.getName() + " (" + p.name() + ")");
                    }
                }
            }
        }
        assertTrue(seen > 20, "the module's settings were found: " + seen);
        assertEquals(List.of(), offenders, "make these Optional<...> or give them a real default");
    }

    /**
     * One home per setting: a key injected in two places carries two defaults that drift apart (the
     * VictoriaMetrics URL and the time zone once had three each). Reads the sources of both modules,
     * so a key the web module declares again is caught as well; inject the settings class instead.
     */
    @Test
    void everySettingIsDeclaredInOnePlaceOnly() throws IOException {
        Map<String, List<String>> places = declarations();
        assertTrue(places.size() > 50, "the settings were found: " + places.keySet());
        Map<String, List<String>> repeated = new TreeMap<>(places);
        repeated.values().removeIf(p -> p.size() == 1);
        assertEquals(Map.of(), repeated, "declare each key once, in its capability's settings class, and inject that");
        Map<String, List<String>> elsewhere = new TreeMap<>(places);
        elsewhere.values().removeIf(p -> p.stream().allMatch(file -> file.endsWith("Settings.java")));
        assertEquals(Map.of(), elsewhere, "keys belong in a settings class (XxxSettings) that the code injects");
    }

    /** The guide a bank admin reads names every key the code declares. */
    @Test
    void everySettingIsInTheConfigurationGuide() throws IOException {
        String guide = Files.readString(ProductionSources.module().resolveSibling("docs").resolve("configuration.md"));
        List<String> missing = declarations().keySet().stream().filter(k -> !guide.contains("`" + k + "`")).toList();
        assertEquals(List.of(), missing, "document these in docs/configuration.md with their default and why");
    }

    /** Every key declared in the sources of both modules, with the files that declare it. */
    private static Map<String, List<String>> declarations() throws IOException {
        Map<String, List<String>> places = new TreeMap<>();
        for (Map.Entry<Path, String> file : ProductionSources.javaFiles().entrySet()) {
            Matcher m = DECLARATION.matcher(file.getValue());
            while (m.find()) {
                places.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(file.getKey().getFileName().toString());
            }
        }
        return places;
    }

    /** The defaults live beside the keys in the settings classes; a second copy in the properties file would drift. */
    @Test
    void thePropertiesFileRepeatsNoDefault() throws IOException {
        try (var in = ConfigPropertiesTest.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            assertTrue(in != null, "microprofile-config.properties is on the class path");
            Properties p = new Properties();
            p.load(in);
            assertEquals(Set.of(), p.stringPropertyNames(), "give these their default in the settings class that declares them");
        }
    }
}
