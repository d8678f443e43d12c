package ge.wardops.shared;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    @Test
    void noInjectedSettingHasAnEmptyDefaultInsteadOfBeingOptional() throws IOException, URISyntaxException {
        // target/test-classes -> target/classes: the module's own production classes.
        Path classes = Path.of(ConfigPropertiesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolveSibling("classes");
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
}
