package ge.wardops.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real devices for the prober without a network: every 127.x.y.z answers ICMP on Linux, and a
 * blackhole route takes a range of them out of service until it is removed.
 */
public final class Loopback {

    /** Out of service while a test class runs; nothing else here uses 127.88/16. */
    public static final String BLACKHOLED = "127.88.0.0/16";

    private Loopback() {
    }

    /** The n-th answering address, 127.10.0.0 upwards, clear of the blackholed range. */
    public static InetAddress up(int n) {
        return v4(127, 10 + n / 65536, n / 256 % 256, n % 256);
    }

    /** The n-th address inside the blackholed range. */
    public static InetAddress blackholed(int n) {
        return v4(127, 88, n / 256 % 256, n % 256);
    }

    public static void assumeRoot() {
        assumeTrue("0".equals(run("id", "-u").strip()), "needs root to add a blackhole route (CI runs as root)");
    }

    public static void takeOutOfService() {
        takeOutOfService(BLACKHOLED);
    }

    public static void restoreService() {
        restoreService(BLACKHOLED);
    }

    /** Makes every address of {@code cidr} (a 127.x range) unreachable until {@link #restoreService(String)}. */
    public static void takeOutOfService(String cidr) {
        if (!cidr.startsWith("127.")) {
            throw new IllegalArgumentException("only loopback ranges are taken out of service: " + cidr);
        }
        // A run that died may have left the route behind; start from a clean table either way.
        restoreService(cidr);
        run("ip", "route", "add", "blackhole", cidr);
    }

    public static void restoreService(String cidr) {
        try {
            run("ip", "route", "del", "blackhole", cidr);
        } catch (IllegalStateException notThere) {
            // Nothing to remove.
        }
    }

    /** Runs a command to completion (at most 30 s) and returns its output; fails on a non-zero exit. */
    public static String run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + p.exitValue() + ": " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static InetAddress v4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
