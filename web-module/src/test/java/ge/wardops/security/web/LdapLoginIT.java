package ge.wardops.security.web;

import ge.wardops.testing.ConsoleBrowser;
import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.Slapd;
import ge.wardops.testing.TestFleet;
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
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logins checked by a real OpenLDAP (slapd on loopback, started here), as arquillian.xml
 * configures the server: people under ou=people bind with their own password, their groups map
 * to roles (noc-operators → operator, noc-auditors → auditor, noc-managers → regional_manager)
 * and to regions (noc-managers-ldw → the regions coded LDW1 and LDW2).
 */
@ExtendWith(ArquillianExtension.class)
class LdapLoginIT {

    private static Slapd slapd;
    private static final String RUN = Deployments.unique();
    private static final String OPERATOR = "ldap-op-" + RUN;
    private static final String AUDITOR = "ldap-aud-" + RUN;
    private static final String GROUPLESS = "ldap-none-" + RUN;
    private static final String MANAGER = "ldap-rm-" + RUN;
    private static final String REGIONLESS_MANAGER = "ldap-rm0-" + RUN;

    @BeforeAll
    static void directory() throws Exception {
        slapd = Slapd.startFresh();
        slapd.addUser(OPERATOR, "Ldap-Operator-Pass-1");
        slapd.addUser(AUDITOR, "Ldap-Auditor-Pass-1");
        slapd.addUser(GROUPLESS, "Ldap-Nobody-Pass-1");
        slapd.addGroup("noc-operators", OPERATOR);
        slapd.addGroup("noc-auditors", AUDITOR);
        slapd.addGroup("canteen", GROUPLESS);
        slapd.addUser(MANAGER, "Ldap-Manager-Pass-1");
        slapd.addUser(REGIONLESS_MANAGER, "Ldap-Manager-Pass-2");
        slapd.addGroup("noc-managers", MANAGER, REGIONLESS_MANAGER);
        slapd.addGroup("noc-managers-ldw", MANAGER);
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

    @Test
    void aDirectoryRegionalManagerSeesOnlyTheRegionsOfTheirGroups() {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        // LDW1 is the code arquillian.xml maps noc-managers-ldw to (one DB per IT run, but be kind to reruns).
        if (Database.count("SELECT count(*) FROM regions WHERE code = 'LDW1'") == 0) {
            TestFleet.region(admin, "Directory West " + RUN, "LDW1");
        }
        long mine = Database.count("SELECT id FROM regions WHERE code = 'LDW1'");
        long other = TestFleet.region(admin, "Directory East " + RUN, "LDE" + RUN);
        long branch = TestFleet.branch(admin, mine, "Directory West branch " + RUN, "LDWB" + RUN);
        long otherBranch = TestFleet.branch(admin, other, "Directory East branch " + RUN, "LDEB" + RUN);

        Http manager = Http.anonymous(base).as(MANAGER, "Ldap-Manager-Pass-1");
        assertEquals(200, manager.get("api/v1/regions/" + mine).status(), "the region of the manager's group");
        assertEquals(404, manager.get("api/v1/regions/" + other).status(), "another region does not exist for them");
        assertEquals(200, manager.get("api/v1/branches/" + branch).status());
        assertEquals(404, manager.get("api/v1/branches/" + otherBranch).status());
        String regions = manager.get("api/v1/regions").body();
        assertTrue(regions.contains("Directory West") && !regions.contains("Directory East " + RUN), regions);
        assertEquals(403, manager.postJson("api/v1/regions", "{}").status(), "a regional manager changes no inventory");
        assertEquals(Set.of("LDW1", "LDW2"), Set.copyOf(Database.column(
                "SELECT region_code FROM directory_user_regions WHERE username = lower(?)", MANAGER)));
        assertTrue(Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'LOGIN' AND details LIKE '%regions%LDW1%'",
                MANAGER) >= 1, "the login's audit row names the regions");

        Http regionless = Http.anonymous(base).as(REGIONLESS_MANAGER, "Ldap-Manager-Pass-2");
        assertEquals(404, regionless.get("api/v1/regions/" + mine).status(), "a manager in no region group sees no region");
        assertFalse(regionless.get("api/v1/regions").body().contains("Directory West"));
    }
}
