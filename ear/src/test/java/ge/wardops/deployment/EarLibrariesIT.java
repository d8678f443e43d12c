package ge.wardops.deployment;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The libraries in the EAR's lib/ as the JDK's class path reads them. A jar with a
 * {@code META-INF/INDEX.LIST} (a JarIndex) names jars by file name; the JDK 17 class path follows the
 * index on every resource lookup that misses and opens each jar it names in the same folder. A name
 * that is not there costs a {@code FileNotFoundException} and two {@code PrivilegedActionException}s
 * per lookup: with the EAR plugin's default names (groupId-artifactId-version.jar) that was ~114
 * exceptions per {@code /health} request (JFR on the demo, docs/performance.md "2026-12-07 11:40").
 * No server is needed: the packaged EAR is read.
 */
class EarLibrariesIT {

    private static final Path EAR = Path.of(System.getProperty("wardops.ear"));

    @Test
    void everyJarNamedInALibrarysIndexIsInLib() throws IOException {
        try (ZipFile ear = new ZipFile(EAR.toFile())) {
            Set<String> lib = new TreeSet<>();
            List<ZipEntry> jars = new ArrayList<>();
            for (ZipEntry e : Collections.list(ear.entries())) {
                if (e.getName().startsWith("lib/") && e.getName().endsWith(".jar")) {
                    lib.add(e.getName().substring("lib/".length()));
                    jars.add(e);
                }
            }
            assertTrue(lib.size() >= 30 && lib.stream().anyMatch(j -> j.contains("jboss-logging")), "the libraries were read: " + lib);
            List<String> missing = new ArrayList<>();
            int indexes = 0;
            for (ZipEntry jar : jars) {
                List<String> named = indexedJars(ear, jar);
                indexes += named.isEmpty() ? 0 : 1;
                for (String name : named) {
                    if (!lib.contains(name)) {
                        missing.add(jar.getName() + " indexes " + name);
                    }
                }
            }
            assertTrue(indexes >= 1, "at least one library carries an index (jboss-logging does), so the check checks something");
            assertEquals(List.of(), missing, "name the libraries as their indexes do (ear/pom.xml, outputFileNameMapping)");
        }
    }

    /** The jar file names a library's META-INF/INDEX.LIST lists (the first line of each section); none without one. */
    private static List<String> indexedJars(ZipFile ear, ZipEntry jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = ear.getInputStream(jar); JarInputStream library = new JarInputStream(in)) {
            for (ZipEntry e = library.getNextEntry(); e != null; e = library.getNextEntry()) {
                if (!e.getName().equals("META-INF/INDEX.LIST")) {
                    continue;
                }
                BufferedReader index = new BufferedReader(new InputStreamReader(library, StandardCharsets.UTF_8));
                boolean sectionStarts = false;
                for (String line = index.readLine(); line != null; line = index.readLine()) {
                    if (line.isBlank()) {
                        sectionStarts = true;
                    } else if (sectionStarts) {
                        names.add(line.trim());
                        sectionStarts = false;
                    }
                }
                break;
            }
        }
        return names;
    }
}
