package ge.wardops.security.web;

import ge.wardops.testing.ConsoleBrowser;
import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.Slapd;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logins checked by a real OpenLDAP (slapd on loopback, started here), as arquillian.xml
 * configures the server: people under ou=people bind with their own password, their groups map
 * to roles (noc-operators → operator, noc-auditors → auditor).
 */
@ExtendWith(ArquillianExtension.class)
class LdapLoginIT {

    private static Slapd slapd;
    private static final String RUN = Deployments.unique();
    private static final String OPERATOR = "ldap-op-" + RUN;
    private static final String AUDITOR = "ldap-aud-" + RUN;
    private static final String GROUPLESS = "ldap-none-" + RUN;

    @BeforeAll
    static void directory() throws Exception {
        slapd = Slapd.startFresh();
        slapd.addUser(OPERATOR, "Ldap-Operator-Pass-1");
        slapd.addUser(AUDITOR, "Ldap-Auditor-Pass-1");
        slapd.addUser(GROUPLESS, "Ldap-Nobody-Pass-1");
        slapd.addGroup("noc-operators", OPERATOR);
        slapd.addGroup("noc-auditors", AUDITOR);
        slapd.addGroup("canteen", GROUPLESS);
    }

    @AfterAll
    static void stopDirectory() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    @Test
    void aDirectoryUserGetsTheRolesOfTheirGroups() {
        Http operator = Http.anonymous(base).as(OPERATOR, "Ldap-Operator-Pass-1");
        assertEquals(200, operator.get("api/v1/devices").status());
        assertEquals(403, operator.get("api/v1/users").status(), "an operator, not an admin");
        assertEquals(400, operator.postJson("api/v1/regions", "{}").status(), "operators may change the inventory");
        Http auditor = Http.anonymous(base).as(AUDITOR, "Ldap-Auditor-Pass-1");
        assertEquals(200, auditor.get("api/v1/audit/chain").status());
        assertEquals(403, auditor.postJson("api/v1/regions", "{}").status(), "auditors change nothing");
        assertEquals(0, Database.count("SELECT count(*) FROM users WHERE username = ?", OPERATOR), "no local copy");
        assertTrue(Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'LOGIN' AND details LIKE 'LDAP:%'",
                OPERATOR) >= 1);
    }

    @Test
    void aDirectoryUserLogsInToTheConsole() {
        ConsoleBrowser browser = new ConsoleBrowser(base);
        HttpResponse<String> login = browser.login(OPERATOR, "Ldap-Operator-Pass-1", "/console/");
        assertEquals(302, login.statusCode(), login.body());
        HttpResponse<String> console = browser.get("console/");
        assertEquals(200, console.statusCode());
        assertTrue(console.body().contains(OPERATOR));
    }

    @Test
    void wrongPasswordsGrouplessUsersAndFilterTricksAreRefused() {
        assertEquals(401, Http.anonymous(base).as(OPERATOR, "wrong-password").get("api/v1/devices").status());
        assertEquals(401, Http.anonymous(base).as(OPERATOR, "").get("api/v1/devices").status(), "no anonymous bind");
        assertEquals(401, Http.anonymous(base).as(GROUPLESS, "Ldap-Nobody-Pass-1").get("api/v1/devices").status(),
                "a directory account in no mapped group gets nothing");
        assertEquals(401, Http.anonymous(base).as("*", "Ldap-Operator-Pass-1").get("api/v1/devices").status());
        assertEquals(401, Http.anonymous(base).as(OPERATOR + ",ou=people", "Ldap-Operator-Pass-1").get("api/v1/devices").status());
        assertTrue(Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'LOGIN_FAILED' AND details LIKE 'LDAP:%'",
                OPERATOR) >= 2);
    }

    @Test
    void anUnreachableDirectoryRefusesTheLoginAndLocalUsersStillWork() throws Exception {
        slapd.stop();
        try {
            Http.Answer refused = Http.anonymous(base).as(AUDITOR, "Ldap-Auditor-Pass-1").get("api/v1/devices");
            assertEquals(401, refused.status(), refused.toString());
            assertEquals(200, Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD).get("api/v1/devices").status());
        } finally {
            slapd.start();
        }
        assertEquals(200, Http.anonymous(base).as(AUDITOR, "Ldap-Auditor-Pass-1").get("api/v1/devices").status());
    }
}
