package ge.wardops.deployment;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.StringReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the tests of the run command ({@link EarDeploymentIT}, {@link ClusterIT}) share: {@code
 * deployment/wardops.sh} run against a test's own home, ports and database (the EAR the build made,
 * no build of its own); that database made fresh; the admin's API requests and a console browser
 * logged in through the login form, both at the console URL the command prints.
 */
final class RunCommand {

    record Result(int exit, String output) {
    }

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();

    private final Path repo = Path.of(System.getProperty("wardops.repo"));
    private final Path home;
    private final String base;
    private final String database;
    private final Duration limit;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private volatile String adminPassword;

    /**
     * @param base        the console URL the command prints ({@code WARDOPS_PORT_BASE} + 80)
     * @param environment the test's own settings besides home, ports, demo size and database
     */
    RunCommand(Path home, int portBase, int vmPort, int demoDevices, String database, Duration limit, Map<String, String> environment) {
        this.home = home;
        this.base = "http://127.0.0.1:" + (portBase + 80) + "/";
        this.database = database;
        this.limit = limit;
        this.environment.put("WARDOPS_HOME", home.toString());
        this.environment.put("WARDOPS_EAR", System.getProperty("wardops.ear"));
        this.environment.put("WARDOPS_SKIP_BUILD", "1");
        this.environment.put("WARDOPS_PORT_BASE", String.valueOf(portBase));
        this.environment.put("WARDOPS_VM_PORT", String.valueOf(vmPort));
        this.environment.put("WARDOPS_DEMO_DEVICES", String.valueOf(demoDevices));
        this.environment.put("WARDOPS_DB_URL", "jdbc:postgresql://" + dbHost() + ":" + dbPort() + "/" + database);
        // the database's owner migrates (through jdbc/wardops-owner); the application's pool is the runtime role
        this.environment.put("WARDOPS_DB_OWNER_USER", owner());
        this.environment.put("WARDOPS_DB_OWNER_PASSWORD", System.getProperty("test.db.password", "wardops"));
        this.environment.put("WARDOPS_DB_USER", System.getProperty("test.db.runtime.user", "wardops_runtime"));
        this.environment.put("WARDOPS_DB_PASSWORD", System.getProperty("test.db.runtime.password", "wardops_runtime"));
        this.environment.putAll(environment);
    }

    /**
     * The test's database dropped and created again, and the folders of the home that belong to an
     * earlier run's database (VictoriaMetrics' series, audit anchors signed over its rows, ...) deleted.
     */
    void freshStart(String... staleFolders) throws SQLException, IOException {
        String url = "jdbc:postgresql://" + dbHost() + ":" + dbPort() + "/postgres";
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + database + " OWNER " + owner());
        }
        for (String stale : staleFolders) {
            Path dir = home.resolve(stale);
            if (Files.exists(dir)) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** {@code wardops.sh command...}; its output also in a log beside the home. Gives up after the limit. */
    Result run(String... command) throws IOException, InterruptedException {
        return run(Map.of(), command);
    }

    /** {@link #run(String...)} with these settings over the test's own (e.g. another {@code WARDOPS_EAR}). */
    Result run(Map<String, String> settings, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", repo.resolve("deployment/wardops.sh").toString()));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(environment);
        pb.environment().putAll(settings);
        Path log = home.resolveSibling("wardops-" + String.join("-", command).replace("--", "") + "-" + System.nanoTime() + ".log");
        Files.createDirectories(log.getParent());
        Process p = pb.redirectOutput(log.toFile()).start();
        if (!p.waitFor(limit.toMinutes(), TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out after " + limit.toMinutes() + " min\n" + Files.readString(log));
        }
        return new Result(p.exitValue(), Files.readString(log));
    }

    /** The first admin password the run command generated (and printed), once it has run. */
    String adminPassword() throws IOException {
        String password = adminPassword;
        if (password == null) {
            password = Files.readString(home.resolve("initial-admin-password")).strip();
            adminPassword = password;
        }
        return password;
    }

    /** A request to the console URL's {@code path} as the first admin. */
    HttpRequest.Builder api(String path) {
        String token;
        try {
            token = Base64.getEncoder().encodeToString(("admin:" + adminPassword()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("no initial-admin-password in " + home, e);
        }
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + token);
    }

    HttpClient browser(String user, String password) throws IOException, InterruptedException {
        return browser(user, password, new CookieManager());
    }

    /** A browser logged in to the console as {@code user} (the login page and its post through the console URL). */
    HttpClient browser(String user, String password, CookieManager cookies) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create(base + "login.xhtml")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher viewState = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(viewState.find(), page.body());
        // The page's script nonce, which PrimeFaces' script adds to every form in a real browser and
        // checks on a postback (a post without it is refused with 400).
        Matcher nonce = Pattern.compile("'nonce-([A-Za-z0-9+/=]+)'")
                .matcher(page.headers().firstValue("Content-Security-Policy").orElse(""));
        assertTrue(nonce.find(), "the login page's policy carries a script nonce: " + page.headers().map());
        String form = "login=login&login%3Ausername=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&login%3Apassword="
                + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&login%3Asubmit=&jakarta.faces.ViewState=" + URLEncoder.encode(viewState.group(1), StandardCharsets.UTF_8)
                + "&primefaces.nonce=" + URLEncoder.encode(nonce.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(base + "login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, login.statusCode(), user + " logs in at " + base + ": " + login.body());
        return browser;
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The body of a 200 answer as a JSON object. */
    static JsonObject json(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response.body());
        return json(response.body());
    }

    static JsonObject json(String body) {
        try (var reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }

    /** The last 60 lines of a command's output, for a failure's message. */
    /**
     * A copy of the EAR beside it with one entry more ({@code META-INF/wardops-it-changed.txt}, holding
     * MARK): another EAR to the run command (its sha256 differs), the same application.
     */
    static Path changedCopy(Path ear, String mark) throws IOException {
        Path changed = ear.resolveSibling("wardops-changed.ear");
        Files.copy(ear, changed, StandardCopyOption.REPLACE_EXISTING);
        try (FileSystem zip = FileSystems.newFileSystem(changed)) {
            Files.writeString(zip.getPath("META-INF", "wardops-it-changed.txt"), "a new EAR: " + mark);
        }
        return changed;
    }

    static String tail(String text) {
        String[] lines = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 60), lines.length));
    }

    private static String owner() {
        return System.getProperty("test.db.user", "wardops");
    }

    private static String dbHost() {
        return System.getProperty("test.db.host", "127.0.0.1");
    }

    private static String dbPort() {
        return System.getProperty("test.db.port", "5432");
    }
}
