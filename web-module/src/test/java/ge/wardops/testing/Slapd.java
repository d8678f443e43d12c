package ge.wardops.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenLDAP server (Debian's slapd) for one test class, on 127.0.0.1:{@code test.ldap.port}
 * with its own config and mdb database under {@code test.ldap.dir}: suffix dc=wardops,dc=test,
 * people under ou=people, groups (groupOfNames) under ou=groups.
 */
public final class Slapd implements AutoCloseable {

    public static final String SUFFIX = "dc=wardops,dc=test";
    private static final String ROOT_DN = "cn=root," + SUFFIX;
    private static final String ROOT_PASSWORD = "Slapd-Root-Secret-1";

    private final Path dir;
    private final int port;
    private Process process;

    private Slapd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A fresh, empty directory with the base entries, listening when this returns. */
    public static Slapd startFresh() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("test.ldap.dir"));
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir.resolve("db"));
        Files.writeString(dir.resolve("slapd.conf"), String.join("\n",
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "pidfile " + dir.resolve("slapd.pid"),
                "database mdb",
                "maxsize 10485760",
                "suffix \"" + SUFFIX + "\"",
                "rootdn \"" + ROOT_DN + "\"",
                "rootpw " + ROOT_PASSWORD,
                "directory " + dir.resolve("db"),
                "access to attrs=userPassword by self read by anonymous auth by * none",
                "access to * by * read", ""));
        Slapd slapd = new Slapd(dir, Integer.parseInt(System.getProperty("test.ldap.port")));
        slapd.start();
        slapd.add("dn: " + SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\no: WARD OPS test\ndc: wardops\n\n"
                + "dn: ou=people," + SUFFIX + "\nobjectClass: organizationalUnit\nou: people\n\n"
                + "dn: ou=groups," + SUFFIX + "\nobjectClass: organizationalUnit\nou: groups\n");
        return slapd;
    }

    /** Starts (again) on the same database. */
    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder("slapd", "-h", "ldap://127.0.0.1:" + port + "/", "-f", dir.resolve("slapd.conf").toString(), "-d", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("slapd exited: " + Files.readString(dir.resolve("slapd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("slapd did not listen on " + port + " within 15 s");
    }

    /** Stops the server (the database stays). */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    public void addUser(String uid, String password) throws IOException, InterruptedException {
        add("dn: uid=" + uid + ",ou=people," + SUFFIX + "\nobjectClass: inetOrgPerson\nuid: " + uid + "\ncn: " + uid
                + "\nsn: Test\nuserPassword: " + password + "\n");
    }

    public void addGroup(String cn, String... memberUids) throws IOException, InterruptedException {
        StringBuilder ldif = new StringBuilder("dn: cn=" + cn + ",ou=groups," + SUFFIX + "\nobjectClass: groupOfNames\ncn: " + cn + "\n");
        for (String uid : memberUids) {
            ldif.append("member: uid=").append(uid).append(",ou=people,").append(SUFFIX).append('\n');
        }
        add(ldif.toString());
    }

    private void add(String ldif) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "add", ".ldif");
        Files.writeString(file, ldif, StandardCharsets.UTF_8);
        Process add = new ProcessBuilder(List.of("ldapadd", "-x", "-H", "ldap://127.0.0.1:" + port + "/", "-D", ROOT_DN,
                "-w", ROOT_PASSWORD, "-f", file.toString())).redirectErrorStream(true).start();
        String out = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!add.waitFor(15, TimeUnit.SECONDS) || add.exitValue() != 0) {
            throw new IllegalStateException("ldapadd failed: " + out);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
