package ge.wardops.security;

import ge.wardops.testing.ConsoleBrowser;
import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import jakarta.websocket.server.ServerEndpoint;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every REST operation the deployed application publishes (read from Jersey's WADL of the running
 * application, not from a list kept here) is called as nobody and as each of the five roles: nobody gets 401,
 * a role without the right gets 403, a role with it gets past security (any other answer; ids
 * that do not exist and empty bodies keep every call harmless). An operation missing from
 * {@link #DECISIONS} fails the test: a new endpoint needs a decision before it can ship.
 * <p>
 * The same for the console's pages (every *.xhtml of the deployed WAR outside WEB-INF: opened
 * through the login form as each role, 200 or 403; anonymous is sent to the login page) and for
 * the WebSocket endpoints (every class of the deployed WAR, its libraries included, annotated
 * {@code @ServerEndpoint}: the upgrade answers 101 or 403, 401 without credentials), against
 * {@link #PAGE_DECISIONS} and {@link #FEED_DECISIONS}.
 */
@ExtendWith(ArquillianExtension.class)
class RoleMatrixIT {

    private static final Set<String> EVERYONE = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER);
    private static final Set<String> EDITORS = Set.of(Roles.ADMIN, Roles.OPERATOR);
    private static final Set<String> PUBLIC = Set.of("*");
    /** Who may act on alerts (acknowledge, comment, resolve): a regional manager within their regions. */
    private static final Set<String> RESPONDERS = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER);
    /** Who holds reports.generate (V2, and the auditor since V17): generate, list and download reports. */
    private static final Set<String> REPORTERS = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR);

    /** Who may call each operation: "METHOD /path" relative to /api/v1. */
    static final Map<String, Set<String>> DECISIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /health", PUBLIC),
            Map.entry("GET /regions", EVERYONE), Map.entry("GET /regions/{id}", EVERYONE),
            Map.entry("POST /regions", EDITORS), Map.entry("PUT /regions/{id}", EDITORS), Map.entry("DELETE /regions/{id}", EDITORS),
            Map.entry("GET /branches", EVERYONE), Map.entry("GET /branches/{id}", EVERYONE),
            Map.entry("POST /branches", EDITORS), Map.entry("PUT /branches/{id}", EDITORS), Map.entry("DELETE /branches/{id}", EDITORS),
            Map.entry("GET /devices", EVERYONE), Map.entry("GET /devices/{id}", EVERYONE),
            Map.entry("GET /devices/standalone/list", EVERYONE), Map.entry("GET /devices/{id}/history", EVERYONE),
            Map.entry("GET /devices/standalone/page", EVERYONE),
            Map.entry("GET /branches/summary", EVERYONE), Map.entry("GET /branches/{id}/summary", EVERYONE),
            Map.entry("GET /regions/summary", EVERYONE), Map.entry("GET /regions/{id}/summary", EVERYONE),
            Map.entry("POST /devices", EDITORS), Map.entry("PUT /devices/{id}", EDITORS), Map.entry("DELETE /devices/{id}", EDITORS),
            Map.entry("POST /devices/import", EDITORS),
            Map.entry("GET /import-jobs", EDITORS), Map.entry("GET /import-jobs/{id}", EDITORS),
            Map.entry("GET /snmp-credentials", EDITORS), Map.entry("GET /snmp-credentials/{id}", EDITORS),
            Map.entry("POST /snmp-credentials", EDITORS), Map.entry("PUT /snmp-credentials/{id}", EDITORS),
            Map.entry("DELETE /snmp-credentials/{id}", EDITORS),
            Map.entry("GET /dashboard/stats", EVERYONE),
            Map.entry("GET /state-changes", EVERYONE),
            Map.entry("GET /users", Set.of(Roles.ADMIN)), Map.entry("POST /users", Set.of(Roles.ADMIN)),
            Map.entry("GET /audit/chain", Set.of(Roles.ADMIN, Roles.AUDITOR)),
            Map.entry("GET /users/{name}", Set.of(Roles.ADMIN)), Map.entry("PUT /users/{name}", Set.of(Roles.ADMIN)),
            Map.entry("POST /users/{name}/unlock", Set.of(Roles.ADMIN)), Map.entry("POST /users/{name}/password", Set.of(Roles.ADMIN)),
            Map.entry("POST /users/{name}/logout-everywhere", Set.of(Roles.ADMIN)),
            Map.entry("GET /users/me", EVERYONE), Map.entry("POST /users/me/password", EVERYONE),
            Map.entry("POST /users/me/logout-everywhere", EVERYONE),
            Map.entry("GET /tokens", EVERYONE), Map.entry("POST /tokens", EVERYONE), Map.entry("DELETE /tokens/{id}", EVERYONE),
            Map.entry("GET /notification-channels", EDITORS), Map.entry("GET /notification-channels/{id}", EDITORS),
            Map.entry("POST /notification-channels", Set.of(Roles.ADMIN)),
            Map.entry("PUT /notification-channels/{id}", Set.of(Roles.ADMIN)),
            Map.entry("DELETE /notification-channels/{id}", Set.of(Roles.ADMIN)),
            Map.entry("POST /notification-channels/{id}/test", Set.of(Roles.ADMIN)),
            Map.entry("GET /notification-routes", EDITORS), Map.entry("GET /notification-routes/{id}", EDITORS),
            Map.entry("POST /notification-routes", EDITORS), Map.entry("PUT /notification-routes/{id}", EDITORS),
            Map.entry("DELETE /notification-routes/{id}", EDITORS),
            Map.entry("GET /notification-deliveries", Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR)),
            Map.entry("GET /alerts", EVERYONE), Map.entry("GET /alerts/{id}", EVERYONE),
            Map.entry("POST /alerts/{id}/acknowledge", RESPONDERS), Map.entry("POST /alerts/{id}/comment", RESPONDERS),
            Map.entry("POST /alerts/{id}/resolve", RESPONDERS),
            Map.entry("GET /alert-rules", EDITORS), Map.entry("GET /alert-rules/{id}", EDITORS),
            Map.entry("POST /alert-rules", EDITORS), Map.entry("PUT /alert-rules/{id}", EDITORS),
            Map.entry("DELETE /alert-rules/{id}", EDITORS), Map.entry("POST /alert-rules/preview", EDITORS),
            Map.entry("GET /maintenance-windows", EDITORS), Map.entry("GET /maintenance-windows/{id}", EDITORS),
            Map.entry("GET /maintenance-windows/devices", EVERYONE),
            Map.entry("POST /maintenance-windows", EDITORS), Map.entry("PUT /maintenance-windows/{id}", EDITORS),
            Map.entry("DELETE /maintenance-windows/{id}", EDITORS),
            Map.entry("GET /device-groups", EDITORS), Map.entry("GET /device-groups/{id}", EDITORS),
            Map.entry("POST /device-groups", EDITORS), Map.entry("PUT /device-groups/{id}", EDITORS),
            Map.entry("DELETE /device-groups/{id}", EDITORS),
            Map.entry("GET /events", EVERYONE), Map.entry("GET /events/export", EVERYONE),
            Map.entry("GET /events/receivers", Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.VIEWER)),
            Map.entry("GET /events/mibs", Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR, Roles.VIEWER)),
            Map.entry("POST /events/mibs", Set.of(Roles.ADMIN)), Map.entry("DELETE /events/mibs/{id}", Set.of(Roles.ADMIN)),
            Map.entry("GET /events/rules", EDITORS), Map.entry("GET /events/rules/{id}", EDITORS),
            Map.entry("POST /events/rules", Set.of(Roles.ADMIN)), Map.entry("PUT /events/rules/{id}", Set.of(Roles.ADMIN)),
            Map.entry("DELETE /events/rules/{id}", Set.of(Roles.ADMIN)),
            Map.entry("GET /cluster", Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR)),
            Map.entry("GET /audit/events", Set.of(Roles.ADMIN, Roles.AUDITOR)),
            Map.entry("GET /audit/events/export", Set.of(Roles.ADMIN, Roles.AUDITOR)),
            Map.entry("GET /reports", REPORTERS), Map.entry("POST /reports", REPORTERS), Map.entry("GET /reports/{id}", REPORTERS),
            Map.entry("GET /reports/{id}/download", REPORTERS),
            Map.entry("GET /reports/{id}/sections", REPORTERS), Map.entry("GET /reports/slo-targets", EVERYONE),
            Map.entry("PUT /reports/slo-targets/{scopeType}/{scopeId}", EDITORS),
            Map.entry("DELETE /reports/slo-targets/{scopeType}/{scopeId}", EDITORS),
            Map.entry("GET /reports/schedules", REPORTERS), Map.entry("POST /reports/schedules", REPORTERS),
            Map.entry("GET /reports/schedules/{id}", REPORTERS), Map.entry("PUT /reports/schedules/{id}", REPORTERS),
            Map.entry("DELETE /reports/schedules/{id}", REPORTERS)));

    /** Who may open each page of the WAR: its path in the archive. PUBLIC pages need no login. */
    static final Map<String, Set<String>> PAGE_DECISIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("/index.xhtml", PUBLIC), Map.entry("/login.xhtml", PUBLIC),
            // Every logged-in role opens these; what a page offers follows the role, the services decide.
            Map.entry("/console/index.xhtml", EVERYONE), Map.entry("/console/devices.xhtml", EVERYONE),
            Map.entry("/console/device-form.xhtml", EDITORS), Map.entry("/console/branches.xhtml", EVERYONE),
            Map.entry("/console/regions.xhtml", EVERYONE), Map.entry("/console/import.xhtml", EDITORS),
            Map.entry("/console/snmp-credentials.xhtml", EDITORS), Map.entry("/console/device.xhtml", EVERYONE),
            Map.entry("/console/tokens.xhtml", EVERYONE), Map.entry("/console/password.xhtml", EVERYONE),
            Map.entry("/console/users.xhtml", Set.of(Roles.ADMIN)),
            Map.entry("/console/alerts.xhtml", EVERYONE), Map.entry("/console/events.xhtml", EVERYONE),
            Map.entry("/console/alert-rules.xhtml", EDITORS), Map.entry("/console/maintenance.xhtml", EDITORS),
            Map.entry("/console/notifications.xhtml", EDITORS),
            Map.entry("/console/audit.xhtml", Set.of(Roles.ADMIN, Roles.AUDITOR)),
            Map.entry("/console/reports.xhtml", REPORTERS)));

    /** Who may open each WebSocket endpoint of the deployment: its @ServerEndpoint path. */
    static final Map<String, Set<String>> FEED_DECISIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("/api/v1/ws/devices", EVERYONE), Map.entry("/api/v1/ws/alerts", EVERYONE),
            Map.entry("/api/v1/ws/events", EVERYONE)));

    /**
     * The services a console page may use although no API resource uses them, each with why that
     * cannot let a page show what the API would not. Every other service a console bean injects must
     * be one an API resource injects too, so that both ask the same (region-scoped) services and agree.
     */
    static final Map<String, String> CONSOLE_ONLY_SERVICES = new TreeMap<>(Map.of(
            "ge.wardops.history.InterfaceTraffic", "interface charts of a device the page found through DeviceService.device (scoped), as the API's history does",
            "ge.wardops.report.DeviceListExport", "the device list as CSV: the same scoped DeviceService query as the list",
            "ge.wardops.security.Permissions", "which menu entries and buttons to show; the services check again",
            "ge.wardops.security.PasswordPolicy", "the password rules shown next to a password field",
            "ge.wardops.security.SignIn", "records the console's logout",
            "ge.wardops.audit.AccessDenials", "audits a refused page; the API's RefusalAuditing looks it up (CDI.current()) rather than injecting it"));

    @Test
    void everyConsolePageAsksTheServicesTheApiAsks() {
        Map<String, Set<String>> console = injectedServices("ge/wardops/console/");
        Map<String, Set<String>> api = injectedServices("ge/wardops/api/");
        assertTrue(console.containsKey("ge.wardops.inventory.DeviceService") && api.containsKey("ge.wardops.inventory.DeviceService"),
                "the WAR's console and API beans: " + console.keySet() + " / " + api.keySet());
        Map<String, Set<String>> unshared = new TreeMap<>();
        console.forEach((service, beans) -> {
            if (!api.containsKey(service) && !CONSOLE_ONLY_SERVICES.containsKey(service)) {
                unshared.put(service, beans);
            }
        });
        assertEquals(Map.of(), unshared, "console beans that ask a service no API resource asks (an engine, or a read without"
                + " the caller's region scope); ask the API's service, or decide in CONSOLE_ONLY_SERVICES why it is safe");
    }

    /**
     * The ge.wardops services (outside the web adapters) injected by the classes of the deployed WAR
     * under {@code folder}, each with the beans that inject it.
     */
    private static Map<String, Set<String>> injectedServices(String folder) {
        Map<String, Set<String>> services = new TreeMap<>();
        Deployments.war().getContent().forEach((path, node) -> {
            String p = path.get();
            if (!p.startsWith("/WEB-INF/classes/" + folder) || !p.endsWith(".class") || node.getAsset() == null) {
                return;
            }
            String name = p.substring("/WEB-INF/classes/".length(), p.length() - 6).replace('/', '.');
            Class<?> bean;
            try {
                bean = Class.forName(name, false, RoleMatrixIT.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new AssertionError("a class of the WAR is not on the test's class path: " + name, e);
            }
            for (java.lang.reflect.Field field : bean.getDeclaredFields()) {
                String type = field.getType().getName();
                boolean injected = field.isAnnotationPresent(jakarta.inject.Inject.class) || field.isAnnotationPresent(jakarta.ejb.EJB.class);
                if (injected && type.startsWith("ge.wardops.") && !type.startsWith("ge.wardops.console.")
                        && !type.startsWith("ge.wardops.api.") && !type.startsWith("ge.wardops.security.web.")
                        // A capability's settings (time zone, limits) hold configuration, no rows and no region.
                        && !(type.endsWith("Settings") && field.getType().isAnnotationPresent(jakarta.enterprise.context.ApplicationScoped.class))) {
                    services.computeIfAbsent(type, t -> new java.util.TreeSet<>()).add(bean.getSimpleName());
                }
            }
        });
        return services;
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    /** One user per role, for this run: role to user name; all share {@link #password}. */
    private final Map<String, String> users = new LinkedHashMap<>();
    private String password;

    private Map<String, String> users() {
        if (users.isEmpty()) {
            Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
            String run = Deployments.unique();
            long region = TestFleet.region(admin, "Matrix " + run, "MX" + run);
            password = "Matrix-password-" + run;
            for (String role : EVERYONE) {
                String user = role.replace('_', '-') + "-" + run;
                Http.Answer created = admin.postJson("api/v1/users", "{\"username\":\"" + user + "\",\"password\":\"" + password
                        + "\",\"roles\":[\"" + role + "\"]" + (role.equals(Roles.REGIONAL_MANAGER) ? ",\"regionIds\":[" + region + "]" : "") + "}");
                assertEquals(201, created.status(), created.toString());
                users.put(role, user);
            }
        }
        return users;
    }

    @Test
    void everyPublishedOperationAnswersEachRoleExactlyAsDecided() {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        Map<String, Http> callers = new LinkedHashMap<>();
        users().forEach((role, user) -> callers.put(role, Http.anonymous(base).as(user, password)));

        List<String> operations = publishedOperations(admin);
        List<String> undecided = operations.stream().filter(op -> !DECISIONS.containsKey(op)).toList();
        assertEquals(List.of(), undecided, "operations without a role decision in RoleMatrixIT.DECISIONS");
        assertTrue(operations.size() >= DECISIONS.size() - 1, "the OpenAPI document lists the operations: " + operations);

        List<String> wrong = new ArrayList<>();
        for (String op : operations) {
            Set<String> allowed = DECISIONS.get(op);
            int anonymous = call(Http.anonymous(base), op);
            if (allowed == PUBLIC ? anonymous == 401 || anonymous == 403 : anonymous != 401) {
                wrong.add(op + " as nobody: " + anonymous);
            }
            for (Map.Entry<String, Http> caller : callers.entrySet()) {
                int status = call(caller.getValue(), op);
                boolean mayCall = allowed == PUBLIC || allowed.contains(caller.getKey());
                if (mayCall ? status == 401 || status == 403 : status != 403) {
                    wrong.add(op + " as " + caller.getKey() + ": " + status);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyPageOfTheDeployedWarOpensForEachRoleExactlyAsDecided() {
        List<String> pages = Deployments.war().getContent().keySet().stream().map(ArchivePath::get)
                .filter(path -> path.endsWith(".xhtml") && !path.startsWith("/WEB-INF/") && !path.startsWith("/resources/"))
                .sorted().toList();
        assertTrue(pages.contains("/console/audit.xhtml") && pages.size() >= 10, "the WAR's pages: " + pages);
        assertEquals(List.of(), pages.stream().filter(p -> !PAGE_DECISIONS.containsKey(p)).toList(),
                "pages without a role decision in RoleMatrixIT.PAGE_DECISIONS");

        Map<String, ConsoleBrowser> browsers = new LinkedHashMap<>();
        users().forEach((role, user) -> {
            ConsoleBrowser browser = new ConsoleBrowser(base);
            assertEquals(302, browser.login(user, password, "/console/").statusCode(), role + " logs in");
            browsers.put(role, browser);
        });
        List<String> wrong = new ArrayList<>();
        for (String page : pages) {
            Set<String> allowed = PAGE_DECISIONS.get(page);
            HttpResponse<String> anonymous = new ConsoleBrowser(base).get(page.substring(1));
            boolean toLogin = anonymous.statusCode() == 302
                    && anonymous.headers().firstValue("Location").orElse("").contains("/login.xhtml");
            if (allowed == PUBLIC ? anonymous.statusCode() == 401 || anonymous.statusCode() == 403 || toLogin : !toLogin) {
                wrong.add(page + " as nobody: " + anonymous.statusCode() + " " + anonymous.headers().firstValue("Location").orElse(""));
            }
            for (Map.Entry<String, ConsoleBrowser> browser : browsers.entrySet()) {
                int status = browser.getValue().get(page.substring(1)).statusCode();
                boolean mayOpen = allowed == PUBLIC || allowed.contains(browser.getKey());
                // Only a public page may send a logged-in user on (index.xhtml goes to the console).
                if (mayOpen ? status != 200 && !(allowed == PUBLIC && status == 302) : status != 403) {
                    wrong.add(page + " as " + browser.getKey() + ": " + status);
                }
                if (!mayOpen && !refusalAudited(users().get(browser.getKey()), page)) {
                    wrong.add(page + " as " + browser.getKey() + ": refused but not audited as ACCESS_DENIED");
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** Whether the audit log holds the refusal of {@code page} to {@code user} (written apart, so give it a moment). */
    private static boolean refusalAudited(String user, String page) {
        for (int i = 0; i < 20; i++) {
            if (Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'ACCESS_DENIED' AND object_type = 'page' "
                    + "AND object_id LIKE ?", user, "%" + page) > 0) {
                return true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Test
    void everyWebSocketEndpointOfTheDeploymentUpgradesForEachRoleExactlyAsDecided() {
        List<String> endpoints = serverEndpoints();
        assertTrue(endpoints.contains("/api/v1/ws/devices"), "the deployment's endpoints: " + endpoints);
        assertEquals(List.of(), endpoints.stream().filter(e -> !FEED_DECISIONS.containsKey(e)).toList(),
                "WebSocket endpoints without a role decision in RoleMatrixIT.FEED_DECISIONS");
        List<String> wrong = new ArrayList<>();
        for (String endpoint : endpoints) {
            Set<String> allowed = FEED_DECISIONS.get(endpoint);
            int anonymous = upgrade(endpoint, null, null);
            if (allowed == PUBLIC ? anonymous != 101 : anonymous != 401) {
                wrong.add(endpoint + " as nobody: " + anonymous);
            }
            for (Map.Entry<String, String> user : users().entrySet()) {
                int status = upgrade(endpoint, user.getValue(), password);
                boolean mayOpen = allowed == PUBLIC || allowed.contains(user.getKey());
                if (mayOpen ? status != 101 : status != 403) {
                    wrong.add(endpoint + " as " + user.getKey() + ": " + status);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    /** The paths of every @ServerEndpoint class in the deployed WAR, its WEB-INF/lib jars included. */
    private static List<String> serverEndpoints() {
        WebArchive war = Deployments.war();
        List<String> classes = new ArrayList<>();
        war.getContent().forEach((path, node) -> {
            String p = path.get();
            if (p.startsWith("/WEB-INF/classes/") && p.endsWith(".class") && node.getAsset() != null) {
                if (annotatedAsEndpoint(readAll(node.getAsset().openStream()))) {
                    classes.add(p.substring("/WEB-INF/classes/".length(), p.length() - 6).replace('/', '.'));
                }
            } else if (p.startsWith("/WEB-INF/lib/") && p.endsWith(".jar") && node.getAsset() != null) {
                try (ZipInputStream jar = new ZipInputStream(node.getAsset().openStream())) {
                    for (ZipEntry e = jar.getNextEntry(); e != null; e = jar.getNextEntry()) {
                        if (e.getName().endsWith(".class") && annotatedAsEndpoint(jar.readAllBytes())) {
                            classes.add(e.getName().substring(0, e.getName().length() - 6).replace('/', '.'));
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        assertTrue(!classes.isEmpty(), "no @ServerEndpoint class found in the WAR");
        List<String> paths = new ArrayList<>();
        for (String name : classes) {
            try {
                ServerEndpoint endpoint = Class.forName(name, false, RoleMatrixIT.class.getClassLoader()).getAnnotation(ServerEndpoint.class);
                assertTrue(endpoint != null, name + " carries @ServerEndpoint in its bytes but not at run time");
                assertTrue(!endpoint.value().contains("{"), "a path template needs a sample value here: " + endpoint.value());
                paths.add(endpoint.value());
            } catch (ClassNotFoundException e) {
                throw new AssertionError("an endpoint class of the WAR is not on the test's class path: " + name, e);
            }
        }
        return paths.stream().sorted().toList();
    }

    private static final byte[] SERVER_ENDPOINT = "Ljakarta/websocket/server/ServerEndpoint;".getBytes(StandardCharsets.US_ASCII);

    /** Whether a class file names the annotation in its constant pool (runtime-visible annotations are there). */
    private static boolean annotatedAsEndpoint(byte[] classFile) {
        outer:
        for (int i = 0; i <= classFile.length - SERVER_ENDPOINT.length; i++) {
            for (int j = 0; j < SERVER_ENDPOINT.length; j++) {
                if (classFile[i + j] != SERVER_ENDPOINT[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The upgrade's answer: 101 when the connection opened (closed again at once), else the refusal's status. */
    private int upgrade(String endpoint, String user, String password) {
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws")).resolve(endpoint.substring(1));
        WebSocket.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        if (user != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        try {
            WebSocket ws = builder.buildAsync(uri, new WebSocket.Listener() { }).get(20, TimeUnit.SECONDS);
            ws.abort();
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError(endpoint + " upgrade failed: " + e.getCause(), e);
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(endpoint + " upgrade did not answer", e);
        }
    }

    /** "METHOD /path" of every operation Jersey publishes in its WADL, paths relative to /api/v1. */
    private static List<String> publishedOperations(Http admin) {
        Http.Answer wadl = admin.send(admin.request("api/v1/application.wadl").header("Accept", "application/xml").GET());
        assertEquals(200, wadl.status(), wadl.toString());
        List<String> ops = new ArrayList<>();
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(wadl.body())));
            NodeList roots = doc.getElementsByTagNameNS("*", "resources");
            for (int i = 0; i < roots.getLength(); i++) {
                collect((Element) roots.item(i), "", ops);
            }
        } catch (Exception e) {
            throw new AssertionError("the WADL could not be read: " + e, e);
        }
        return ops.stream().distinct().sorted().toList();
    }

    private static void collect(Element parent, String path, List<String> ops) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            if (e.getLocalName().equals("resource")) {
                String segment = e.getAttribute("path").replaceAll("^/+|/+$", "").replaceAll("\\{(\\w+)[^}]*}", "{$1}");
                collect(e, segment.isEmpty() ? path : path + "/" + segment, ops);
            } else if (e.getLocalName().equals("method") && !e.getAttribute("name").equals("OPTIONS")) {
                ops.add(e.getAttribute("name") + " " + (path.isEmpty() ? "/" : path));
            }
        }
    }

    /** Calls an operation harmlessly: ids that do not exist, empty JSON bodies. */
    private static int call(Http who, String operation) {
        String[] parts = operation.split(" ", 2);
        String path = "api/v1" + parts[1].replaceAll("\\{\\w+}", "987654321");
        HttpRequest.Builder request = who.request(path);
        switch (parts[0]) {
            case "GET" -> request.GET();
            case "DELETE" -> request.DELETE();
            case "POST" -> request.header("Content-Type", path.endsWith("/import") ? "text/csv"
                    : path.endsWith("/mibs") ? "text/plain" : "application/json") // what each operation consumes
                    .POST(HttpRequest.BodyPublishers.ofString(path.endsWith("/import") ? "" : "{}"));
            case "PUT" -> request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}"));
            default -> throw new IllegalArgumentException(operation);
        }
        return who.send(request).status();
    }
}
