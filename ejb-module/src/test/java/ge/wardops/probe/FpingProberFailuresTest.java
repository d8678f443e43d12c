package ge.wardops.probe;

import ge.wardops.testsupport.Loopback;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How a broken fping shows: never as devices that are down, always as a {@link ProbeFailedException}
 * that says what to fix. Stand-ins are small shell scripts behaving as a broken fping would; no root needed.
 */
class FpingProberFailuresTest {

    private static final IcmpSettings FAST = IcmpSettings.defaults().withPacing(20, 0.1);

    @Test
    void anEmptyBatchStartsNoProcess() {
        try (FpingProber prober = new FpingProber(FAST.withFpingPath(Path.of("/nonexistent/fping")))) {
            assertEquals(List.of(), prober.probe(List.of()));
        }
    }

    @Test
    void aMissingFpingIsAClearErrorNotAFleetThatIsDown() {
        Path nowhere = Path.of("/nonexistent/fping");

        ProbeFailedException e = assertThrows(ProbeFailedException.class,
                () -> probe(FAST.withFpingPath(nowhere), List.of(new ProbeTarget(1, Loopback.up(1)))));

        assertTrue(e.getMessage().contains("/nonexistent/fping") && e.getMessage().contains("IcmpSettings.fpingPath"), e.getMessage());
    }

    @Test
    void aHungFpingIsKilledWithItsChildrenAfterTheProcessTimeout(@TempDir Path dir) throws IOException {
        // A wrapper whose child keeps the output pipe open: killing only the wrapper would hang the read.
        Path hung = script(dir, "#!/bin/sh\nsleep 297\n");
        IcmpSettings settings = FAST.withFpingPath(hung).withProcessTimeout(Duration.ofSeconds(2));

        long started = System.nanoTime();
        ProbeFailedException e = assertThrows(ProbeFailedException.class,
                () -> probe(settings, List.of(new ProbeTarget(1, Loopback.up(1)))));
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertTrue(e.getMessage().contains("killed"), e.getMessage());
        assertTrue(tookMs >= 2_000 && tookMs < 15_000, "gave up after " + tookMs + " ms");
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").endsWith("sleep 297")),
                "the wrapper's child is gone too");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "echo 'fping: unknown option' >&2; echo 'Usage: fping [options] [targets...]' >&2; exit 1",
            "echo 'fping: can not create socket' >&2; exit 4"})
    void anFpingThatCouldNotRunIsAnErrorNotAllLost(String body, @TempDir Path dir) throws IOException {
        Path broken = script(dir, "#!/bin/sh\ncat >/dev/null\n" + body + "\n");

        ProbeFailedException e = assertThrows(ProbeFailedException.class,
                () -> probe(FAST.withFpingPath(broken), List.of(new ProbeTarget(1, Loopback.up(1)))));

        assertTrue(e.getMessage().contains("fping exited"), e.getMessage());
    }

    private static List<PingResult> probe(IcmpSettings settings, List<ProbeTarget> batch) {
        try (FpingProber prober = new FpingProber(settings)) {
            return prober.probe(batch);
        }
    }

    private static Path script(Path dir, String text) throws IOException {
        Path file = dir.resolve("fping");
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
