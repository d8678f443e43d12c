package ge.wardops.testsupport;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real net-snmp agent for the tests: its own process on 127.0.0.1 and a free, non-standard UDP
 * port, its own generated config and persistent directory (so nothing under /etc/snmp or
 * /var/lib/snmp is read or written), a v2c read-only community and three v3 users.
 */
public final class Snmpd implements AutoCloseable {

    public static final String SNMPD = "/usr/sbin/snmpd";
    public static final String COMMUNITY = "wardops-test-ro";
    public static final String AUTH_PRIV_USER = "wardops-ap";
    public static final String AUTH_PRIV_AUTH = "auth-pass-ap-1";
    public static final String AUTH_PRIV_PRIV = "priv-pass-ap-1";
    public static final String AUTH_ONLY_USER = "wardops-an";
    public static final String AUTH_ONLY_AUTH = "auth-pass-an-1";
    public static final String SHA256_USER = "wardops-256";
    public static final String SHA256_AUTH = "auth-pass-256-1";
    public static final String SHA256_PRIV = "priv-pass-256-1";

    public final InetAddress address;
    public final int port;
    private final Path dir;
    private final Process process;

    private Snmpd(Path dir, InetAddress address, int port, Process process) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.process = process;
    }

    public static Snmpd start() throws IOException, InterruptedException {
        return start(InetAddress.getLoopbackAddress());
    }

    /** On a loopback address of the test's choosing, as if it were one device's agent. */
    public static Snmpd start(InetAddress address) throws IOException, InterruptedException {
        if (!address.isLoopbackAddress()) {
            throw new IllegalArgumentException("test agents listen on loopback only: " + address);
        }
        if (!Files.isExecutable(Path.of(SNMPD))) {
            throw new IllegalStateException(SNMPD + " is missing: apt-get install -y snmpd snmp");
        }
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return startOnce(address, freeUdpPort());
            } catch (IOException e) {
                last = e; // another process took the port between our probe and snmpd's bind
            }
        }
        throw last;
    }

    private static Snmpd startOnce(InetAddress address, int port) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("wardops-snmpd-");
        Path persistent = Files.createDirectories(dir.resolve("persist"));
        Path conf = dir.resolve("snmpd.conf");
        Files.write(conf, List.of(
                // persistentDir: where snmpd keeps engineBoots and the localized createUser keys.
                "[snmp] persistentDir " + persistent,
                "rocommunity " + COMMUNITY + " 127.0.0.0/8",
                "createUser " + AUTH_PRIV_USER + " SHA \"" + AUTH_PRIV_AUTH + "\" AES \"" + AUTH_PRIV_PRIV + "\"",
                "createUser " + AUTH_ONLY_USER + " SHA \"" + AUTH_ONLY_AUTH + "\"",
                "createUser " + SHA256_USER + " SHA-256 \"" + SHA256_AUTH + "\" AES \"" + SHA256_PRIV + "\"",
                "rouser " + AUTH_PRIV_USER + " priv",
                "rouser " + AUTH_ONLY_USER + " auth",
                "rouser " + SHA256_USER + " priv"), StandardCharsets.UTF_8);
        Path log = dir.resolve("snmpd.log");
        // -f foreground, -Lo log to stdout, -C no default config files, -r do not insist on root-only
        // files; the listening address is the last argument (an agentAddress line as well would bind twice).
        ProcessBuilder builder = new ProcessBuilder(SNMPD, "-f", "-Lo", "-C", "-c", conf.toString(),
                "-p", dir.resolve("snmpd.pid").toString(), "-r", "udp:" + address.getHostAddress() + ":" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("MIBS", ""); // no MIB files to parse: the tests use numeric OIDs
        builder.environment().put("SNMP_PERSISTENT_DIR", persistent.toString());
        Process process = builder.start();
        Snmpd snmpd = new Snmpd(dir, address, port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String out = Files.readString(log);
            if (!process.isAlive()) {
                snmpd.close();
                throw new IOException("snmpd exited with " + process.exitValue() + ": " + out);
            }
            if (out.contains("NET-SNMP version")) { // printed once the socket is bound
                return snmpd;
            }
            Thread.sleep(20);
        }
        String out = Files.readString(log);
        snmpd.close();
        throw new IOException("snmpd did not start within 10 s: " + out);
    }

    public static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public String log() throws IOException {
        return Files.readString(dir.resolve("snmpd.log"));
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
