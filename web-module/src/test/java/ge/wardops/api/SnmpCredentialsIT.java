package ge.wardops.api;

import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SNMP credentials through the REST API on the real WAR and PostgreSQL: secrets go in, are
 * stored encrypted, and never come out again (answers, database, audit log); devices use them.
 */
@ExtendWith(ArquillianExtension.class)
class SnmpCredentialsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    Http admin;
    String run;
    String community;
    String authPassphrase;
    String privPassphrase;

    @BeforeEach
    void setUp() {
        admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        run = Deployments.unique();
        // Unique per run, so that finding one anywhere can only mean this test's secret leaked.
        community = "comm-" + run + "-Xy7";
        authPassphrase = "auth-" + run + "-Pq3";
        privPassphrase = "priv-" + run + "-Zr9";
    }

    private JsonObject createV2c(String name) {
        Http.Answer a = admin.postJson("api/v1/snmp-credentials",
                "{\"name\":\"" + name + "\",\"snmpVersion\":\"v2c\",\"community\":\"" + community + "\"}");
        assertEquals(201, a.status(), a.toString());
        return a.json();
    }

    private JsonObject createV3(String name) {
        Http.Answer a = admin.postJson("api/v1/snmp-credentials", "{\"name\":\"" + name + "\",\"snmpVersion\":\"v3\","
                + "\"username\":\"monitor\",\"securityLevel\":\"authPriv\",\"authProtocol\":\"SHA256\",\"authPassphrase\":\""
                + authPassphrase + "\",\"privProtocol\":\"AES128\",\"privPassphrase\":\"" + privPassphrase + "\"}");
        assertEquals(201, a.status(), a.toString());
        return a.json();
    }

    private void assertNoSecretIn(String text) {
        for (String secret : List.of(community, authPassphrase, privPassphrase, run + "-Xy7", run + "-Pq3", run + "-Zr9")) {
            assertFalse(text.contains(secret), "a secret shows in: " + text);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }

    private static void assertProblem(Http.Answer a, int status, String field) {
        assertEquals(status, a.status(), a.toString());
        assertTrue(a.contentType().startsWith("application/problem+json"), a.toString());
        if (field != null) {
            assertTrue(a.json().getJsonArray("errors").stream().anyMatch(e -> field.equals(e.asJsonObject().getString("field"))),
                    a.toString());
        }
    }

    private long branch() {
        return TestFleet.branch(admin, TestFleet.region(admin, "Snmp " + run, "S" + run), "Snmp branch " + run, "SB" + run);
    }

    @Test
    void v2cAndV3CredentialsAreCreatedAndNoAnswerEverShowsASecret() {
        Http.Answer created = admin.postJson("api/v1/snmp-credentials",
                "{\"name\":\"v2c " + run + "\",\"snmpVersion\":\"v2c\",\"community\":\"" + community + "\"}");
        assertEquals(201, created.status(), created.toString());
        assertNoSecretIn(created.body());
        JsonObject v2c = created.json();
        assertTrue(created.header("Location").endsWith("/api/v1/snmp-credentials/" + v2c.getJsonNumber("id")));
        assertEquals("v2c", v2c.getString("snmpVersion"));
        assertTrue(v2c.getBoolean("communitySet"));
        assertFalse(v2c.getBoolean("authPassphraseSet"));

        JsonObject v3 = createV3("v3 " + run);
        assertEquals("monitor", v3.getString("username"));
        assertEquals("authPriv", v3.getString("securityLevel"));
        assertEquals("SHA256", v3.getString("authProtocol"));
        assertEquals("AES128", v3.getString("privProtocol"));
        assertTrue(v3.getBoolean("authPassphraseSet") && v3.getBoolean("privPassphraseSet"));
        assertFalse(v3.getBoolean("communitySet"));
        assertEquals(0, v3.getInt("deviceCount"));

        Http.Answer list = admin.get("api/v1/snmp-credentials");
        assertEquals(200, list.status(), list.toString());
        assertTrue(list.body().contains("v3 " + run));
        assertNoSecretIn(list.body());
        Http.Answer one = admin.get("api/v1/snmp-credentials/" + v3.getJsonNumber("id"));
        assertEquals(200, one.status());
        assertNoSecretIn(one.body());
    }

    @Test
    void theDatabaseHoldsOnlyEncryptedSecrets() {
        long v2c = createV2c("db v2c " + run).getJsonNumber("id").longValue();
        long v3 = createV3("db v3 " + run).getJsonNumber("id").longValue();
        byte[] sealedCommunity = Database.bytes("SELECT community_enc FROM snmp_credentials WHERE id = ?", v2c).get(0);
        byte[] sealedAuth = Database.bytes("SELECT v3_auth_key_enc FROM snmp_credentials WHERE id = ?", v3).get(0);
        byte[] sealedPriv = Database.bytes("SELECT v3_priv_key_enc FROM snmp_credentials WHERE id = ?", v3).get(0);
        for (byte[] sealed : List.of(sealedCommunity, sealedAuth, sealedPriv)) {
            assertNotNull(sealed);
            assertEquals(1, sealed[0], "key id first");
            for (String secret : List.of(community, authPassphrase, privPassphrase)) {
                assertFalse(contains(sealed, secret.getBytes(StandardCharsets.UTF_8)), "plaintext in the column");
            }
        }
        assertEquals(1 + 12 + community.length() + 16, sealedCommunity.length, "key id, IV, ciphertext, GCM tag");
        String asText = String.join(" ", Database.column("SELECT row_to_json(c)::text FROM snmp_credentials c WHERE id IN (?, ?)", v2c, v3));
        assertNoSecretIn(asText);
        assertFalse(asText.contains(HexFormat.of().formatHex(community.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void invalidCombinationsAreRefusedWithFieldErrorsAndStoreNothing() {
        long before = Database.count("SELECT count(*) FROM snmp_credentials");
        String v3 = "{\"name\":\"bad " + run + "\",\"snmpVersion\":\"v3\",\"username\":\"monitor\",\"securityLevel\":\"%s\","
                + "\"authProtocol\":\"%s\",\"authPassphrase\":\"%s\",\"privProtocol\":\"AES128\",\"privPassphrase\":%s}";
        Http.Answer noPriv = admin.postJson("api/v1/snmp-credentials", String.format(v3, "authPriv", "SHA", authPassphrase, "null"));
        assertProblem(noPriv, 400, "privPassphrase");
        assertNoSecretIn(noPriv.body());
        assertProblem(admin.postJson("api/v1/snmp-credentials", String.format(v3, "authPriv", "SHA", "short", "\"" + privPassphrase + "\"")),
                400, "authPassphrase");
        assertProblem(admin.postJson("api/v1/snmp-credentials", String.format(v3, "authPriv", "SHA512", authPassphrase, "\"" + privPassphrase + "\"")),
                400, "authProtocol");
        assertProblem(admin.postJson("api/v1/snmp-credentials", String.format(v3, "authNoPriv", "SHA", authPassphrase, "\"" + privPassphrase + "\"")),
                400, "privPassphrase");
        assertProblem(admin.postJson("api/v1/snmp-credentials", "{\"name\":\"bad " + run + "\",\"snmpVersion\":\"v2c\"}"), 400, "community");
        assertProblem(admin.postJson("api/v1/snmp-credentials", "{\"name\":\"bad " + run + "\",\"snmpVersion\":\"v1\",\"community\":\"x\"}"),
                400, "snmpVersion");
        assertProblem(admin.postJson("api/v1/snmp-credentials", "{\"snmpVersion\":\"v2c\",\"community\":\"x\"}"), 400, "name");
        assertEquals(before, Database.count("SELECT count(*) FROM snmp_credentials"), "nothing was stored");

        createV2c("dup " + run);
        assertProblem(admin.postJson("api/v1/snmp-credentials", "{\"name\":\"DUP " + run + "\",\"snmpVersion\":\"v2c\",\"community\":\"x\"}"),
                409, "name");
    }

    @Test
    void aChangeWithoutSecretsKeepsTheStoredOnesAndAStaleVersionIsRefused() {
        JsonObject v3 = createV3("keep " + run);
        long id = v3.getJsonNumber("id").longValue();
        byte[] authBefore = Database.bytes("SELECT v3_auth_key_enc FROM snmp_credentials WHERE id = ?", id).get(0);
        String rename = "{\"name\":\"kept " + run + "\",\"snmpVersion\":\"v3\",\"username\":\"monitor\",\"securityLevel\":\"authPriv\","
                + "\"authProtocol\":\"SHA\",\"authPassphrase\":\"\",\"privProtocol\":\"AES128\",\"version\":%d}";
        Http.Answer renamed = admin.putJson("api/v1/snmp-credentials/" + id, String.format(rename, v3.getInt("version")));
        assertEquals(200, renamed.status(), renamed.toString());
        assertEquals("kept " + run, renamed.json().getString("name"));
        assertEquals("SHA", renamed.json().getString("authProtocol"));
        assertTrue(renamed.json().getBoolean("authPassphraseSet") && renamed.json().getBoolean("privPassphraseSet"));
        assertArrayEquals(authBefore, Database.bytes("SELECT v3_auth_key_enc FROM snmp_credentials WHERE id = ?", id).get(0));

        assertProblem(admin.putJson("api/v1/snmp-credentials/" + id, String.format(rename, v3.getInt("version"))), 409, "version");

        Http.Answer toV2cWithoutCommunity = admin.putJson("api/v1/snmp-credentials/" + id,
                "{\"name\":\"kept " + run + "\",\"snmpVersion\":\"v2c\",\"version\":" + renamed.json().getJsonNumber("version") + "}");
        assertProblem(toV2cWithoutCommunity, 400, "community");
        Http.Answer toV2c = admin.putJson("api/v1/snmp-credentials/" + id,
                "{\"name\":\"kept " + run + "\",\"snmpVersion\":\"v2c\",\"community\":\"" + community + "\",\"version\":"
                + renamed.json().getJsonNumber("version") + "}");
        assertEquals(200, toV2c.status(), toV2c.toString());
        assertFalse(toV2c.json().getBoolean("authPassphraseSet"), "the v3 secrets are dropped");
        assertEquals(0, Database.count("SELECT count(*) FROM snmp_credentials WHERE id = ? AND (v3_auth_key_enc IS NOT NULL"
                + " OR v3_priv_key_enc IS NOT NULL OR v3_username IS NOT NULL)", id));
    }

    @Test
    void devicesUseACredentialAndItCannotBeDeletedWhileTheyDo() throws Exception {
        long branch = branch();
        String net = Deployments.net();
        JsonObject credential = createV3("routers " + run);
        long id = credential.getJsonNumber("id").longValue();

        Http.Answer device = admin.postJson("api/v1/devices", "{\"name\":\"snmp-rtr-" + run + "\",\"ip\":\"" + net + "1\",\"type\":\"ROUTER\","
                + "\"branchId\":" + branch + ",\"snmpCredentialId\":" + id + "}");
        assertEquals(201, device.status(), device.toString());
        assertEquals(id, device.json().getJsonNumber("snmpCredentialId").longValue());
        assertEquals("routers " + run, device.json().getString("snmpCredentialName"));
        long deviceId = device.json().getJsonNumber("id").longValue();
        JsonObject listed = admin.get("api/v1/devices?q=snmp-rtr-" + run).json().getJsonArray("items").getJsonObject(0);
        assertEquals("routers " + run, listed.getString("snmpCredentialName"));
        assertEquals(1, admin.get("api/v1/snmp-credentials/" + id).json().getInt("deviceCount"));

        assertProblem(admin.postJson("api/v1/devices", "{\"name\":\"snmp-x-" + run + "\",\"ip\":\"" + net + "2\",\"type\":\"ROUTER\","
                + "\"branchId\":" + branch + ",\"snmpCredentialId\":987654321}"), 400, "snmpCredentialId");

        // The CSV import names the credential.
        String csv = "name,ip,type,branch,snmp_credential\nsnmp-sw-" + run + "," + net + "3,switch,SB" + run + ",ROUTERS " + run + "\n";
        Http.Answer started = admin.post("api/v1/devices/import?filename=snmp.csv", "text/csv", csv);
        assertEquals(202, started.status(), started.toString());
        JsonObject job = null;
        for (int i = 0; i < 300; i++) {
            job = admin.get("api/v1/import-jobs/" + started.json().getString("id")).json();
            if (job.getString("state").equals("SUCCEEDED") || job.getString("state").equals("FAILED")) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals("SUCCEEDED", job.getString("state"), job.toString());
        JsonObject sw = admin.get("api/v1/devices?q=snmp-sw-" + run).json().getJsonArray("items").getJsonObject(0);
        assertEquals("routers " + run, sw.getString("snmpCredentialName"));

        Http.Answer refused = admin.delete("api/v1/snmp-credentials/" + id);
        assertProblem(refused, 409, null);
        assertTrue(refused.json().getString("detail").contains("used by 2 devices"), refused.toString());

        // Deleted or, if a probe already recorded a state change, retired: either way no longer using it.
        assertEquals(200, admin.delete("api/v1/devices/" + deviceId).status());
        assertEquals(200, admin.delete("api/v1/devices/" + sw.getJsonNumber("id")).status());
        assertEquals(204, admin.delete("api/v1/snmp-credentials/" + id).status());
        assertEquals(404, admin.get("api/v1/snmp-credentials/" + id).status());
    }

    @Test
    void onlyAdminsAndOperatorsSeeCredentials() {
        long id = createV2c("roles " + run).getJsonNumber("id").longValue();
        String password = "Password-" + run + "!";
        TestFleet.user(admin, "snmp-viewer-" + run, password, "viewer");
        TestFleet.user(admin, "snmp-operator-" + run, password, "operator");
        Http viewer = Http.anonymous(base).as("snmp-viewer-" + run, password);
        assertProblem(viewer.get("api/v1/snmp-credentials"), 403, null);
        assertProblem(viewer.get("api/v1/snmp-credentials/" + id), 403, null);
        assertProblem(viewer.postJson("api/v1/snmp-credentials", "{\"name\":\"v " + run + "\",\"snmpVersion\":\"v2c\",\"community\":\"x\"}"),
                403, null);
        Http operator = Http.anonymous(base).as("snmp-operator-" + run, password);
        assertEquals(200, operator.get("api/v1/snmp-credentials").status());
    }

    @Test
    void theAuditLogRecordsEveryChangeWithoutASecret() {
        JsonObject created = createV3("audit " + run);
        long id = created.getJsonNumber("id").longValue();
        Http.Answer changed = admin.putJson("api/v1/snmp-credentials/" + id, "{\"name\":\"audit " + run + "\",\"snmpVersion\":\"v3\","
                + "\"username\":\"monitor2\",\"securityLevel\":\"authPriv\",\"authProtocol\":\"SHA256\",\"authPassphrase\":\"new-"
                + authPassphrase + "\",\"privProtocol\":\"AES128\",\"version\":" + created.getJsonNumber("version") + "}");
        assertEquals(200, changed.status(), changed.toString());
        assertEquals(204, admin.delete("api/v1/snmp-credentials/" + id).status());

        List<String> trail = Database.column("SELECT action || '|' || actor || '|' || coalesce(before_state::text, '-') || '|' "
                + "|| coalesce(after_state::text, '-') || '|' || coalesce(details, '-') FROM audit_events "
                + "WHERE object_type = 'snmp_credential' AND object_id = ? ORDER BY id", String.valueOf(id));
        assertEquals(3, trail.size(), trail.toString());
        assertTrue(trail.get(0).startsWith("CREATE|admin|-|"), trail.get(0));
        assertTrue(trail.get(1).startsWith("UPDATE|admin|"), trail.get(1));
        assertTrue(trail.get(1).contains("\"monitor2\""), "the change itself is recorded: " + trail.get(1));
        assertTrue(trail.get(1).contains("\"authPassphraseSet\": true"), "whether a secret is set is recorded: " + trail.get(1));
        assertTrue(trail.get(2).startsWith("DELETE|admin|"), trail.get(2));
        trail.forEach(this::assertNoSecretIn);
    }
}
