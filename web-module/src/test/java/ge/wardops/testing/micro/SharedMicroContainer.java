package ge.wardops.testing.micro;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.container.LifecycleException;
import org.jboss.arquillian.container.spi.client.protocol.ProtocolDescription;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.shrinkwrap.api.Archive;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Node;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * An Arquillian container for the integration tests that starts Payara Micro with a deployment and
 * keeps it running for the next test class that deploys the same archive, instead of one Micro per
 * class (Payara's own Micro connector starts a new JVM for every deployment: ~35 s of boot per class,
 * a third of the suite). A class whose archive differs (a test with settings of its own in a library
 * of the WAR) gets a server of its own: the running one is stopped first, so that only one server
 * probes the test fleet and holds the event receivers' ports at a time.
 *
 * <p>What the classes share is what a real deployment shares between its users: the database (as
 * before), the probing, the caches. Each class works on its own loopback range, names and accounts
 * ({@code Deployments.net()}, {@code unique()}). The server stops when the suite ends.
 */
public class SharedMicroContainer implements DeployableContainer<SharedMicroConfiguration> {

    private static final Logger LOG = Logger.getLogger(SharedMicroContainer.class.getName());

    private SharedMicroConfiguration configuration;
    private Running running;
    private int starts;

    /** One started server: its deployment's key, its process and where it answers. */
    private record Running(String key, Process process, int port, String contextRoot, Path log) {
    }

    @Override
    public Class<SharedMicroConfiguration> getConfigurationClass() {
        return SharedMicroConfiguration.class;
    }

    @Override
    public void setup(SharedMicroConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() {
        // Nothing to start before the first deployment: Payara Micro boots with its application.
    }

    @Override
    public void stop() throws LifecycleException {
        stopRunning();
    }

    @Override
    public ProtocolDescription getDefaultProtocol() {
        // Every test runs as a client (@Deployment(testable = false)): nothing is added to the archive.
        return new ProtocolDescription("Local");
    }

    @Override
    public synchronized ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
        String key = keyOf(archive);
        if (running != null && running.key().equals(key) && running.process().isAlive()) {
            LOG.info(() -> "reusing the running Payara Micro (port " + running.port() + ") for " + archive.getName());
            return metaData(running);
        }
        stopRunning();
        running = startServer(archive, key);
        return metaData(running);
    }

    @Override
    public void undeploy(Archive<?> archive) {
        // Kept running for the next class with the same archive; stop() ends it with the suite.
    }

    private static ProtocolMetaData metaData(Running r) {
        HTTPContext http = new HTTPContext("127.0.0.1", r.port());
        http.add(new Servlet("default", r.contextRoot()));
        return new ProtocolMetaData().addContext(http);
    }

    private Running startServer(Archive<?> archive, String key) throws DeploymentException {
        int n = ++starts;
        try {
            Path dir = Files.createDirectories(Path.of(configuration.getLogDir()).toAbsolutePath());
            Path war = Files.createDirectories(dir.resolve("deployments-" + n)).resolve(archive.getName());
            archive.as(ZipExporter.class).exportTo(war.toFile(), true);
            int port = freePort();
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(words(configuration.getCmdOptions()));
            command.addAll(List.of("-jar", configuration.getMicroJar(), "--deploy", war.toString(), "--port", String.valueOf(port)));
            command.addAll(words(configuration.getExtraMicroOptions()));
            Path log = dir.resolve("micro-" + n + ".log");
            LOG.info(() -> "starting Payara Micro " + n + " on port " + port + " for " + archive.getName() + " (output in " + log + ")");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            // Whatever ends the test JVM ends its server too (a started process outlives its parent).
            Runtime.getRuntime().addShutdownHook(new Thread(() -> kill(process), "micro-" + n + "-stop"));
            CountDownLatch ready = new CountDownLatch(1);
            Deque<String> tail = new ArrayDeque<>();
            Thread pump = new Thread(() -> pump(process.getInputStream(), log, ready, tail), "micro-" + n + "-output");
            pump.setDaemon(true);
            pump.start();
            // Micro deploys a WAR at its file name: wardops-web.war answers under /wardops-web
            String contextRoot = "/" + archive.getName().replaceFirst("\\.war$", "");
            Running r = new Running(key, process, port, contextRoot, log);
            awaitReady(r, ready, tail);
            return r;
        } catch (IOException e) {
            throw (DeploymentException) new DeploymentException("could not start Payara Micro: " + e.getMessage()).initCause(e);
        }
    }

    /** Ready when Micro said so and the application answers its health URL (200 or 503, not 404). */
    private void awaitReady(Running r, CountDownLatch ready, Deque<String> tail) throws DeploymentException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(configuration.getStartupTimeoutInSeconds());
        try {
            while (!ready.await(200, TimeUnit.MILLISECONDS)) {
                if (!r.process().isAlive() || System.nanoTime() > deadline) {
                    String why = r.process().isAlive() ? "not ready within " + configuration.getStartupTimeoutInSeconds() + " s"
                            : "exited with " + r.process().exitValue();
                    kill(r.process());
                    throw new DeploymentException("Payara Micro " + why + "; its last lines:\n" + lastLines(tail));
                }
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI health = URI.create("http://127.0.0.1:" + r.port() + r.contextRoot() + "/api/v1/health");
            int status = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status != 200 && status != 503) {
                kill(r.process());
                throw new DeploymentException("the application did not deploy (" + health + " answered " + status + "); see " + r.log()
                        + ", last lines:\n" + lastLines(tail));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(r.process());
            throw new DeploymentException("interrupted while Payara Micro started");
        } catch (IOException e) {
            kill(r.process());
            throw (DeploymentException) new DeploymentException("the application did not answer: " + e + "; see " + r.log()).initCause(e);
        }
    }

    private static void pump(InputStream output, Path log, CountDownLatch ready, Deque<String> tail) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.println(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                }
                // "Payara Micro  6.2025.10 #badassmicrofish (build 1) ready in 23,456 (ms)"
                if (line.contains("Payara Micro") && line.contains(" ready in ")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            // the process ended: its exit is noticed by whoever waits for it
        }
    }

    private static String lastLines(Deque<String> tail) {
        synchronized (tail) {
            return String.join("\n", tail);
        }
    }

    private synchronized void stopRunning() {
        if (running != null) {
            Running r = running;
            running = null;
            LOG.info(() -> "stopping Payara Micro on port " + r.port());
            kill(r.process());
        }
    }

    /** Stops the server and waits for it: the next one takes the same cluster and receiver ports. */
    private static void kill(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Equal for archives with the same entries and content: the WAR the build produced is read from
     * its file (entries of that zip count by name), anything a test added counts by its bytes.
     */
    static String keyOf(Archive<?> archive) {
        Map<String, String> entries = new TreeMap<>();
        for (Map.Entry<ArchivePath, Node> e : archive.getContent().entrySet()) {
            Node node = e.getValue();
            if (node.getAsset() == null) {
                continue;
            }
            boolean fromTheBuiltWar = node.getAsset().getClass().getSimpleName().equals("ZipFileEntryAsset");
            entries.put(e.getKey().get(), fromTheBuiltWar ? "" : digest(node.getAsset().openStream()));
        }
        return archive.getName() + entries;
    }

    private static String digest(InputStream in) {
        try (in) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> words(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
