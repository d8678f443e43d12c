package ge.wardops.events;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReceiveBuffersTest {

    /** The cap as cat prints it (the first reading took only the /proc file's first byte: "1" for 16777216). */
    @Test
    void theKernelCapIsReadWhole() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("cat", "/proc/sys/net/core/rmem_max").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor());
        assertEquals(Long.parseLong(out), ReceiveBuffers.kernelCap());
    }
}
