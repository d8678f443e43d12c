package ge.wardops.security.web;

import ge.wardops.testing.ConsoleBrowser;
import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.FeedClient;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import ge.wardops.testing.Waits;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The account side of security as users meet it: a password that must be changed first, the
 * password policy, API tokens from creation to revocation, rate limits on logins and API calls,
 * logging out everywhere, and the role→permission mapping read from the database.
 * The rate limit tests call from their own loopback addresses (127.0.0.55 and .56), which
 * arquillian.xml gives tight limits, so no other test is slowed.
 */
@ExtendWith(ArquillianExtension.class)
class AccountSecurityIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    private Http admin() {
        return Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
    }

    /** A new user with a password of its own (no change required) and one role. */
    private String user(String role, String password) {
        String name = role.replace('_', '-') + "-acct-" + Deployments.unique();
        Http.Answer created = admin().postJson("api/v1/users", "{\"username\":\"" + name + "\",\"password\":\"" + password
                + "\",\"roles\":[\"" + role + "\"]}");
        assertEquals(201, created.status(), created.toString());
        return name;
    }

    @Test
    void anOperatorSuppliedFirstAdminPasswordNeedNotBeChanged() {
        assertEquals(java.util.List.of("f"), Database.column("SELECT must_change_password::text FROM users WHERE username = 'admin'")
                .stream().map(v -> v.substring(0, 1)).toList());
        assertEquals(200, admin().get("api/v1/regions").status());
    }

    @Test
    void aResetPasswordMustBeChangedBeforeTheApiDoesAnythingElse() {
        String name = user("operator", "Operator-Password-1");
        Http.Answer reset = admin().postJson("api/v1/users/" + name + "/password", "{\"password\":\"Reset-By-Admin-42\"}");
        assertEquals(200, reset.status(), reset.toString());
        assertTrue(reset.json().getBoolean("mustChangePassword"));

        Http user = Http.anonymous(base).as(name, "Reset-By-Admin-42");
        Http.Answer refused = user.get("api/v1/regions");
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("application/problem+json", refused.contentType().split(";")[0]);
        assertTrue(refused.json().getString("detail").startsWith("password change required"), refused.body());
        assertEquals(403, user.postJson("api/v1/tokens", "{\"name\":\"sneaky\"}").status(), "not even a token");

        Http.Answer wrongCurrent = user.postJson("api/v1/users/me/password",
                "{\"currentPassword\":\"not-it\",\"newPassword\":\"Brand-New-Password-7\"}");
        assertEquals(400, wrongCurrent.status());
        assertEquals("currentPassword", wrongCurrent.json().getJsonArray("errors").getJsonObject(0).getString("field"));
        Http.Answer weak = user.postJson("api/v1/users/me/password",
                "{\"currentPassword\":\"Reset-By-Admin-42\",\"newPassword\":\"" + name + "-Aa1\"}");
        assertEquals(400, weak.status());
        assertTrue(weak.body().contains("must not contain the user name"), weak.body());
        Http.Answer same = user.postJson("api/v1/users/me/password",
                "{\"currentPassword\":\"Reset-By-Admin-42\",\"newPassword\":\"Reset-By-Admin-42\"}");
        assertEquals(400, same.status());
        assertTrue(same.body().contains("must differ from the current one"), same.body());

        Http.Answer changed = user.postJson("api/v1/users/me/password",
                "{\"currentPassword\":\"Reset-By-Admin-42\",\"newPassword\":\"Brand-New-Password-7\"}");
        assertEquals(204, changed.status(), changed.toString());
        assertEquals(401, user.get("api/v1/regions").status(), "the old password is gone at once");
        Http renewed = Http.anonymous(base).as(name, "Brand-New-Password-7");
        assertEquals(200, renewed.get("api/v1/regions").status());
        assertFalse(renewed.get("api/v1/users/me").json().getBoolean("mustChangePassword"));
        assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'PASSWORD_CHANGE'", name));
        assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE actor = 'admin' AND action = 'PASSWORD_RESET' AND object_id ="
                + " (SELECT id::text FROM users WHERE username = ?)", name));
    }

    @Test
    void theConsoleSendsAUserWhoMustChangeThePasswordToThePasswordPageUntilItIsChanged() {
        String name = user("viewer", "Viewer-Password-1");
        assertEquals(200, admin().postJson("api/v1/users/" + name + "/password", "{\"password\":\"Console-Reset-99\"}").status());
        ConsoleBrowser browser = new ConsoleBrowser(base);
        assertEquals(302, browser.login(name, "Console-Reset-99", "/console/devices.xhtml").statusCode());
        for (String page : new String[] {"console/", "console/devices.xhtml", "console/tokens.xhtml"}) {
            HttpResponse<String> sent = browser.get(page);
            assertEquals(302, sent.statusCode(), page);
            assertTrue(sent.headers().firstValue("Location").orElse("").endsWith("/console/password.xhtml"), page);
        }
        HttpResponse<String> form = browser.get("console/password.xhtml");
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("You must change your password before you continue"), form.body());

        HttpResponse<String> mismatch = browser.submit("console/password.xhtml", "password",
                fields("Console-Reset-99", "Another-Password-8", "Another-Password-9"), "submit");
        assertTrue(mismatch.body().contains("The two new passwords are not the same."), mismatch.body());
        HttpResponse<String> weak = browser.submit("console/password.xhtml", "password",
                fields("Console-Reset-99", "onlylowercaseletters", "onlylowercaseletters"), "submit");
        assertTrue(weak.body().contains("a password mixes at least three of"), weak.body());
        assertEquals(302, browser.get("console/").statusCode(), "still required");

        HttpResponse<String> done = browser.submit("console/password.xhtml", "password",
                fields("Console-Reset-99", "Another-Password-8", "Another-Password-8"), "submit");
        assertTrue(done.body().contains("Your password has been changed."), done.body());
        assertEquals(200, browser.get("console/").statusCode());

        assertEquals(302, browser.logout("console/").statusCode());
        assertEquals(302, browser.get("console/").statusCode());
        assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'LOGOUT'", name));
    }

    @Test
    void anAdministratorCreatesAUserAndResetsAPasswordInTheConsole() {
        ConsoleBrowser browser = new ConsoleBrowser(base);
        assertEquals(302, browser.login("admin", Deployments.ADMIN_PASSWORD, "/console/users.xhtml").statusCode());
        HttpResponse<String> page = browser.get("console/users.xhtml");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(">admin</a>"), "the list links each user");

        String name = "console-made-" + Deployments.unique();
        Map<String, String> create = new LinkedHashMap<>();
        create.put("username", name);
        create.put("displayName", "Nino <b>Beridze</b>");
        create.put("password", "short");
        create.put("roles", "viewer");
        create.put("mustChange_input", "on");
        HttpResponse<String> refused = browser.submit("console/users.xhtml", "create", create, "submit");
        assertTrue(refused.body().contains("a password has 12 to 200 characters"), refused.body());
        create.put("password", "First-Password-From-Admin-1");
        HttpResponse<String> created = browser.submit("console/users.xhtml", "create", create, "submit");
        assertTrue(created.body().contains("User " + name + " created; they choose their own password"), created.body());
        assertFalse(created.body().contains("<b>Beridze</b>"), "a display name is shown as text");
        assertEquals(1, Database.count("SELECT count(*) FROM users WHERE username = ? AND must_change_password", name));

        Http.Answer forced = Http.anonymous(base).as(name, "First-Password-From-Admin-1").get("api/v1/regions");
        assertEquals(403, forced.status(), "the first password must be changed first");

        Map<String, String> reset = new LinkedHashMap<>();
        reset.put("newPassword", "Second-Password-From-Admin-2");
        HttpResponse<String> done = browser.submit("console/users.xhtml?user=" + name, "edit", reset, "reset");
        assertTrue(done.body().contains("Password of " + name + " reset"), done.body());
        assertEquals(401, Http.anonymous(base).as(name, "First-Password-From-Admin-1").get("api/v1/regions").status());
        assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE actor = 'admin' AND action = 'PASSWORD_RESET' AND object_id ="
                + " (SELECT id::text FROM users WHERE username = ?)", name));

        // The edit form sends the version it read (the reset above raised it): the save goes through.
        Map<String, String> edit = new LinkedHashMap<>();
        edit.put("displayName", "Nino B.");
        edit.put("roles", "viewer");
        edit.put("enabled_input", "on");
        HttpResponse<String> saved = browser.submit("console/users.xhtml?user=" + name, "edit", edit, "save");
        assertTrue(saved.body().contains("User " + name + " saved."), saved.body());
        assertEquals(1, Database.count("SELECT count(*) FROM users WHERE username = ? AND display_name = 'Nino B.'", name));

        String viewerPassword = "Plain-Viewer-Password-3";
        ConsoleBrowser viewer = new ConsoleBrowser(base);
        assertEquals(302, viewer.login(user("viewer", viewerPassword), viewerPassword, "/console/").statusCode());
        HttpResponse<String> notForViewers = viewer.get("console/users.xhtml");
        assertEquals(403, notForViewers.statusCode(), "web.xml closes the users page to everyone but admins");
        assertTrue(notForViewers.body().contains("Access denied"), notForViewers.body());
        assertFalse(notForViewers.body().contains(">admin</a>"));
    }

    private static Map<String, String> fields(String current, String next, String confirm) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("current", current);
        f.put("next", next);
        f.put("confirm", confirm);
        return f;
    }

    @Test
    void theApiRefusesPasswordsThatBreakThePolicyWithFieldErrors() {
        String run = Deployments.unique();
        Http.Answer withName = admin().postJson("api/v1/users", "{\"username\":\"pol-" + run + "\",\"password\":\"My-pol-" + run
                + "-Password\",\"roles\":[\"viewer\"]}");
        assertEquals(400, withName.status());
        JsonObject error = withName.json().getJsonArray("errors").getJsonObject(0);
        assertEquals("password", error.getString("field"));
        assertEquals("a password must not contain the user name", error.getString("message"));
        Http.Answer twoClasses = admin().postJson("api/v1/users", "{\"username\":\"pol2-" + run
                + "\",\"password\":\"lowercaseanddigits123\",\"roles\":[\"viewer\"]}");
        assertEquals(400, twoClasses.status());
        assertTrue(twoClasses.body().contains("at least three of"), twoClasses.body());
        assertEquals(0, Database.count("SELECT count(*) FROM users WHERE username IN (?, ?)", "pol-" + run, "pol2-" + run));
    }

    @Test
    void anApiTokenActsAsItsOwnerUntilItIsRevoked() throws Exception {
        String name = user("operator", "Token-Owner-Password-1");
        Http owner = Http.anonymous(base).as(name, "Token-Owner-Password-1");
        Http.Answer created = owner.postJson("api/v1/tokens", "{\"name\":\"nightly export\",\"expiresInDays\":30}");
        assertEquals(201, created.status(), created.toString());
        String secret = created.json().getString("secret");
        long id = created.json().getJsonObject("token").getJsonNumber("id").longValue();
        assertTrue(secret.startsWith("wo_") && secret.length() > 40, secret);
        assertEquals(400, owner.postJson("api/v1/tokens", "{}").status(), "a token needs a name");

        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, Database.count("SELECT count(*) FROM api_tokens WHERE id = ? AND token_hash = ? AND prefix = ?",
                id, hash, secret.substring(0, 10)));
        assertEquals(0, Database.count("SELECT count(*) FROM api_tokens WHERE token_hash = ? OR prefix = ?", secret, secret));

        Http bearer = bearer(secret);
        assertEquals(200, bearer.get("api/v1/regions").status());
        assertEquals(name, bearer.get("api/v1/users/me").json().getString("username"));
        assertEquals(403, bearer.get("api/v1/users").status(), "the owner's roles, no more");
        Http.Answer mine = owner.get("api/v1/tokens");
        assertTrue(mine.body().contains("nightly export") && !mine.body().contains(secret), mine.body());
        assertTrue(admin().get("api/v1/tokens").body().contains("\"username\":\"" + name + "\""), "an admin sees everyone's");

        String other = user("operator", "Other-Operator-Password-1");
        Http.Answer foreign = Http.anonymous(base).as(other, "Other-Operator-Password-1").delete("api/v1/tokens/" + id);
        assertEquals(404, foreign.status(), "another user's token is not theirs to see or revoke");
        assertEquals(200, bearer.get("api/v1/regions").status());

        Http.Answer revoked = owner.delete("api/v1/tokens/" + id);
        assertEquals(200, revoked.status(), revoked.toString());
        Http.Answer refused = bearer.get("api/v1/regions");
        assertEquals(401, refused.status(), "revoked is refused at once");
        assertEquals("application/problem+json", refused.contentType().split(";")[0]);
        assertEquals(401, bearer("wo_" + "A".repeat(43)).get("api/v1/regions").status(), "an unknown token");
        assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'CREATE' AND object_type = 'api_token'", name));
        assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'REVOKE' AND object_type = 'api_token'", name));

        String expiring = owner.postJson("api/v1/tokens", "{\"name\":\"short-lived\"}").json().getString("secret");
        assertEquals(200, bearer(expiring).get("api/v1/regions").status());
        Database.execute("UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE prefix = ?", expiring.substring(0, 10));
        assertEquals(401, bearer(expiring).get("api/v1/regions").status(), "expired");
    }

    /** A client that sends an API token instead of Basic credentials. */
    private Http bearer(String secret) {
        return Http.anonymous(base).withAuthorization("Bearer " + secret);
    }

    @Test
    void aRegionalManagersTokenSeesOnlyTheirRegions() {
        String run = Deployments.unique();
        long mine = ge.wardops.testing.TestFleet.region(admin(), "Token North " + run, "TN" + run);
        long other = ge.wardops.testing.TestFleet.region(admin(), "Token South " + run, "TS" + run);
        String name = "rm-token-" + run;
        String password = "Regional-Token-Password-1";
        TestFleet.regionalManager(admin(), name, password, mine);
        String secret = Http.anonymous(base).as(name, password).postJson("api/v1/tokens", "{\"name\":\"report\"}").json().getString("secret");
        Http bearer = bearer(secret);
        assertEquals(200, bearer.get("api/v1/regions/" + mine).status());
        assertEquals(404, bearer.get("api/v1/regions/" + other).status(), "another region does not exist for the token");
        assertFalse(bearer.get("api/v1/regions").body().contains("Token South " + run));
    }

    @Test
    void theConsoleSaysToWaitAfterTooManyFailedLoginsForOneName() {
        // wardops.ratelimit.login.per-user-per-minute: 10 failures for one name, from any address.
        String name = "throttled-" + Deployments.unique();
        ConsoleBrowser browser = new ConsoleBrowser(base);
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> failed = browser.login(name, "guess-" + i, "/console/");
            assertTrue(failed.body().contains("Wrong user name or password"), "attempt " + i);
        }
        HttpResponse<String> throttled = browser.login(name, "guess-10", "/console/");
        assertTrue(throttled.body().contains("Too many login attempts. Try again in"), throttled.body());
    }

    @Test
    void apiCallsBeyondTheLimitOfAnAddressAnswer429WithRetryAfter() throws Exception {
        // arquillian.xml: 127.0.0.55 may make 5 API calls a minute.
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + Deployments.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            assertEquals(200, rawGet("127.0.0.55", "/api/v1/regions", auth).status(), "call " + i);
        }
        RawAnswer limited = rawGet("127.0.0.55", "/api/v1/regions", auth);
        assertEquals(429, limited.status());
        assertNotNull(limited.retryAfter());
        assertTrue(Integer.parseInt(limited.retryAfter()) >= 1, limited.retryAfter());
        assertTrue(limited.body().contains("\"status\":429"), limited.body());
        assertEquals(200, admin().get("api/v1/regions").status(), "other addresses are not affected");
    }

    @Test
    void failedLoginsBeyondTheLimitOfAnAddressAnswer429EvenForTheRightPassword() throws Exception {
        // arquillian.xml: 127.0.0.56 may fail to log in twice a minute.
        String nobody = "nobody-" + Deployments.unique();
        for (int i = 0; i < 2; i++) {
            String wrong = "Basic " + Base64.getEncoder().encodeToString((nobody + ":guess-" + i).getBytes(StandardCharsets.UTF_8));
            assertEquals(401, rawGet("127.0.0.56", "/api/v1/regions", wrong).status());
        }
        String right = "Basic " + Base64.getEncoder().encodeToString(("admin:" + Deployments.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        RawAnswer limited = rawGet("127.0.0.56", "/api/v1/regions", right);
        assertEquals(429, limited.status(), limited.body());
        assertNotNull(limited.retryAfter());
        assertEquals(0, Database.count("SELECT count(*) FROM users WHERE username = 'admin' AND locked_until > now()"),
                "the limit refuses before the password is checked, so admin is not locked by it");
    }

    private record RawAnswer(int status, String retryAfter, String body) {
    }

    /** One HTTP/1.1 GET sent from the loopback address {@code from}, as a client on another host would. */
    private RawAnswer rawGet(String from, String path, String authorization) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String target = base.getPath().replaceAll("/+$", "") + path;
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\nAuthorization: "
                    + authorization + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            String retryAfter = null;
            for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase().startsWith("retry-after:")) {
                    retryAfter = line.substring(12).strip();
                }
            }
            StringBuilder body = new StringBuilder();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                body.append(line).append('\n');
            }
            return new RawAnswer(status, retryAfter, body.toString());
        }
    }

    @Test
    void loggingOutEverywhereEndsEveryConsoleSessionAndFeedOfTheUser() throws Exception {
        String password = "Everywhere-Password-1";
        String name = user("operator", password);
        ConsoleBrowser office = new ConsoleBrowser(base);
        ConsoleBrowser laptop = new ConsoleBrowser(base);
        assertEquals(302, office.login(name, password, "/console/").statusCode());
        assertEquals(302, laptop.login(name, password, "/console/").statusCode());
        assertEquals(200, office.get("console/").statusCode());
        assertEquals(200, laptop.get("console/").statusCode());
        Http api = Http.anonymous(base).as(name, password);
        String token = api.postJson("api/v1/tokens", "{\"name\":\"script\"}").json().getString("secret");
        try (FeedClient feed = FeedClient.connect(base, name, password).get(30, TimeUnit.SECONDS)) {
            assertEquals("snapshot", feed.next(Duration.ofSeconds(20)).type());

            Http.Answer ended = api.post("api/v1/users/me/logout-everywhere", "application/json", "");
            assertEquals(200, ended.status(), ended.toString());
            assertEquals(2, ended.json().getInt("sessions"));
            assertEquals(1, ended.json().getInt("feeds"));
            assertNotNull(feed.closed().get(20, TimeUnit.SECONDS), "the feed is closed by the server");
        }
        for (ConsoleBrowser browser : new ConsoleBrowser[] {office, laptop}) {
            HttpResponse<String> after = browser.get("console/");
            assertEquals(302, after.statusCode(), "the old session cookie no longer logs anyone in");
            assertTrue(after.headers().firstValue("Location").orElse("").contains("/login.xhtml"));
        }
        assertEquals(200, bearer(token).get("api/v1/regions").status(), "tokens survive unless asked");
        assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'LOGOUT_EVERYWHERE'", name));

        // An administrator does it for someone else, revoking the tokens too.
        assertEquals(302, office.login(name, password, "/console/").statusCode());
        Http.Answer byAdmin = admin().post("api/v1/users/" + name + "/logout-everywhere?revokeTokens=true", "application/json", "");
        assertEquals(200, byAdmin.status(), byAdmin.toString());
        assertEquals(1, byAdmin.json().getInt("sessions"));
        assertEquals(302, office.get("console/").statusCode());
        assertEquals(401, bearer(token).get("api/v1/regions").status(), "revoked with the sessions");
        assertEquals(403, api.post("api/v1/users/admin/logout-everywhere", "application/json", "").status(),
                "an operator cannot log others out");
    }

    /**
     * A user is versioned like every other record (review of #12): an update must name the version
     * it read (400 otherwise), and a stale one is 409, so two administrators cannot overwrite each other.
     */
    @Test
    void aUserUpdateNeedsTheVersionItRead() {
        String name = user("viewer", "Versioned-User-Password-1");
        Http admin = admin();
        long read = admin.get("api/v1/users/" + name).json().getJsonNumber("version").longValue();
        String change = "{\"displayName\":\"First\",\"roles\":[\"viewer\"],\"regionIds\":[]";
        Http.Answer unversioned = admin.putJson("api/v1/users/" + name, change + "}");
        assertEquals(400, unversioned.status(), unversioned.toString());
        assertTrue(unversioned.toString().contains("\"version\""), "the problem names the field: " + unversioned);
        Http.Answer first = admin.putJson("api/v1/users/" + name, change + ",\"version\":" + read + "}");
        assertEquals(200, first.status(), first.toString());
        assertTrue(first.json().getJsonNumber("version").longValue() > read, first.toString());
        Http.Answer second = admin.putJson("api/v1/users/" + name,
                "{\"displayName\":\"Second\",\"roles\":[\"operator\"],\"regionIds\":[],\"version\":" + read + "}");
        assertEquals(409, second.status(), "the second administrator read before the first saved: " + second);
        JsonObject now = admin.get("api/v1/users/" + name).json();
        assertEquals("First", now.getString("displayName"), "the first change stands");
        assertEquals("[\"viewer\"]", now.getJsonArray("roles").toString());
    }

    @Test
    void theRolePermissionMappingIsReadFromTheDatabase() throws Exception {
        String password = "Viewer-Perm-Password-1";
        Http viewer = Http.anonymous(base).as(user("viewer", password), password);
        assertEquals(403, viewer.get("api/v1/users").status());
        Database.execute("INSERT INTO role_permissions (role_name, permission_name) VALUES ('viewer', 'users.manage')");
        try {
            // arquillian.xml keeps the mapping for 1 s.
            assertTrue(Waits.eventually(Duration.ofSeconds(10), () -> viewer.get("api/v1/users").status() == 200),
                    "a viewer given users.manage in role_permissions lists users");
        } finally {
            Database.execute("DELETE FROM role_permissions WHERE role_name = 'viewer' AND permission_name = 'users.manage'");
        }
        assertTrue(Waits.eventually(Duration.ofSeconds(10), () -> viewer.get("api/v1/users").status() == 403));
    }

    /**
     * Taking a permission away in role_permissions is the deciding check, not the role: the operator
     * keeps the role (and the container's coarse gate) but loses acknowledging, the auditor loses
     * the audit log. An alert id that does not exist tells the two apart without firing an alert:
     * 404 while the permission is there (the check comes first), 403 once it is gone.
     */
    @Test
    void aPermissionTakenFromARoleInTheTableIsRefusedWith403AndAudited() throws Exception {
        String password = "Perm-Removed-Password-1";
        String operatorName = user("operator", password);
        String auditorName = user("auditor", password);
        Http operator = Http.anonymous(base).as(operatorName, password);
        Http auditor = Http.anonymous(base).as(auditorName, password);
        String ack = "api/v1/alerts/2147483000/acknowledge";
        String body = "{\"comment\":\"permission test\"}";
        assertEquals(404, operator.postJson(ack, body).status(), "with alerts.acknowledge: past the check, no such alert");
        assertEquals(200, auditor.get("api/v1/audit/events?limit=1").status());
        assertEquals(200, auditor.get("api/v1/audit/chain").status());

        Database.execute("DELETE FROM role_permissions WHERE role_name = 'operator' AND permission_name = 'alerts.acknowledge'");
        try {
            // arquillian.xml keeps the mapping for 1 s.
            assertTrue(Waits.eventually(Duration.ofSeconds(10), () -> operator.postJson(ack, body).status() == 403),
                    "an operator without alerts.acknowledge cannot acknowledge");
            Http.Answer refused = operator.postJson(ack, body);
            assertEquals(403, refused.status(), refused.toString());
            assertTrue(refused.toString().contains("alerts.acknowledge"), "the problem names the permission: " + refused);
            assertEquals(403, operator.postJson("api/v1/alerts/2147483000/resolve", body).status());
            assertEquals(403, operator.postJson("api/v1/alerts/2147483000/comment", body).status());
        } finally {
            Database.execute("INSERT INTO role_permissions (role_name, permission_name) VALUES ('operator', 'alerts.acknowledge') ON CONFLICT DO NOTHING");
        }
        assertTrue(Waits.eventually(Duration.ofSeconds(10), () -> operator.postJson(ack, body).status() == 404),
                "restored, the operator acknowledges again");

        Database.execute("DELETE FROM role_permissions WHERE role_name = 'auditor' AND permission_name = 'audit.read'");
        try {
            assertTrue(Waits.eventually(Duration.ofSeconds(10), () -> auditor.get("api/v1/audit/events?limit=1").status() == 403),
                    "an auditor without audit.read cannot read the audit log");
            assertEquals(403, auditor.get("api/v1/audit/chain").status());
            assertEquals(403, auditor.get("api/v1/audit/events/export?format=csv").status());
        } finally {
            Database.execute("INSERT INTO role_permissions (role_name, permission_name) VALUES ('auditor', 'audit.read') ON CONFLICT DO NOTHING");
        }
        assertTrue(Waits.eventually(Duration.ofSeconds(10), () -> auditor.get("api/v1/audit/events?limit=1").status() == 200));

        // The response filter audits every refusal, permission or role alike.
        assertTrue(Waits.eventually(Duration.ofSeconds(10), () -> Database.count("SELECT count(*) FROM audit_events WHERE actor = ? "
                + "AND action LIKE 'ACCESS_DENIED%' AND object_id LIKE '%/acknowledge'", operatorName) >= 1), "the operator's refusal is audited");
        assertTrue(Waits.eventually(Duration.ofSeconds(10), () -> Database.count("SELECT count(*) FROM audit_events WHERE actor = ? "
                + "AND action LIKE 'ACCESS_DENIED%' AND object_id LIKE '%/audit/%'", auditorName) >= 1), "the auditor's refusal is audited");
    }
}
