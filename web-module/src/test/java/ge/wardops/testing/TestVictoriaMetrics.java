package ge.wardops.testing;

import ge.wardops.testsupport.VictoriaMetricsProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The VictoriaMetrics the server under test writes to (arquillian.xml names its port): a fresh,
 * empty one for each test class that needs it.
 */
public final class TestVictoriaMetrics {

    private TestVictoriaMetrics() {
    }

    public static VictoriaMetricsProcess startFresh() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("test.vm.dir"));
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return VictoriaMetricsProcess.startIn(dir, Integer.parseInt(System.getProperty("test.vm.port")));
    }
}
