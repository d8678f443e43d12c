package ge.wardops.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The production Java sources of both modules (the EJB module's and the web module's
 * {@code src/main/java}), read by the tests that check a rule over the whole code base.
 */
final class ProductionSources {

    private ProductionSources() {
    }

    /** The EJB module's folder: this class's target/test-classes, two levels up. */
    static Path module() {
        try {
            return Path.of(ProductionSources.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the test classes' location is not a path", e);
        }
    }

    /** Every .java file of both modules, by path, with its text; fails when a source root is missing. */
    static Map<Path, String> javaFiles() throws IOException {
        Path module = module();
        Map<Path, String> texts = new LinkedHashMap<>();
        for (Path sources : List.of(module.resolve("src/main/java"), module.resolveSibling("web-module").resolve("src/main/java"))) {
            if (!Files.isDirectory(sources)) {
                throw new IllegalStateException("no sources at " + sources);
            }
            try (Stream<Path> files = Files.walk(sources)) {
                files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> texts.put(f, read(f)));
            }
        }
        return texts;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
