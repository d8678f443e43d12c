package ge.wardops.security;

import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.net.URL;
import java.net.http.HttpRequest;
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
 */
@ExtendWith(ArquillianExtension.class)
class RoleMatrixIT {

    private static final Set<String> EVERYONE = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER);
    private static final Set<String> EDITORS = Set.of(Roles.ADMIN, Roles.OPERATOR);
    private static final Set<String> PUBLIC = Set.of("*");
    /** Who may act on alerts (acknowledge, comment, resolve): a regional manager within their regions. */
    private static final Set<String> RESPONDERS = Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER);

    /** Who may call each operation: "METHOD /path" relative to /api/v1. */
    static final Map<String, Set<String>> DECISIONS = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /health", PUBLIC),
            Map.entry("GET /regions", EVERYONE), Map.entry("GET /regions/{id}", EVERYONE),
            Map.entry("POST /regions", EDITORS), Map.entry("PUT /regions/{id}", EDITORS), Map.entry("DELETE /regions/{id}", EDITORS),
            Map.entry("GET /branches", EVERYONE), Map.entry("GET /branches/{id}", EVERYONE),
            Map.entry("POST /branches", EDITORS), Map.entry("PUT /branches/{id}", EDITORS), Map.entry("DELETE /branches/{id}", EDITORS),
            Map.entry("GET /devices", EVERYONE), Map.entry("GET /devices/{id}", EVERYONE),
            Map.entry("GET /devices/standalone/list", EVERYONE), Map.entry("GET /devices/{id}/history", EVERYONE),
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
            Map.entry("DELETE /device-groups/{id}", EDITORS)));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    @Test
    void everyPublishedOperationAnswersEachRoleExactlyAsDecided() {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String run = Deployments.unique();
        long region = TestFleet.region(admin, "Matrix " + run, "MX" + run);
        String password = "Matrix-password-" + run;
        Map<String, Http> callers = new LinkedHashMap<>();
        for (String role : EVERYONE) {
            String user = role.replace('_', '-') + "-" + run;
            Http.Answer created = admin.postJson("api/v1/users", "{\"username\":\"" + user + "\",\"password\":\"" + password
                    + "\",\"roles\":[\"" + role + "\"]" + (role.equals(Roles.REGIONAL_MANAGER) ? ",\"regionIds\":[" + region + "]" : "") + "}");
            assertEquals(201, created.status(), created.toString());
            callers.put(role, Http.anonymous(base).as(user, password));
        }

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
        String path = "api/v1" + parts[1].replace("{id}", "987654321");
        HttpRequest.Builder request = who.request(path);
        switch (parts[0]) {
            case "GET" -> request.GET();
            case "DELETE" -> request.DELETE();
            case "POST" -> request.header("Content-Type", path.endsWith("/import") ? "text/csv" : "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(path.endsWith("/import") ? "" : "{}"));
            case "PUT" -> request.header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}"));
            default -> throw new IllegalArgumentException(operation);
        }
        return who.send(request).status();
    }
}
