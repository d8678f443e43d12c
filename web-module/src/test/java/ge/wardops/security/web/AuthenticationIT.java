package ge.wardops.security.web;

import ge.wardops.testing.ConsoleBrowser;
import ge.wardops.testing.Database;
import ge.wardops.testing.Deployments;
import ge.wardops.testing.Http;
import ge.wardops.testing.TestFleet;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Logging in as people do: the console's form with its session, the API's Basic credentials,
 * and what happens to someone who keeps guessing.
 */
@ExtendWith(ArquillianExtension.class)
class AuthenticationIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.war();
    }

    @ArquillianResource
    URL base;

    private ConsoleBrowser browser;

    @org.junit.jupiter.api.BeforeEach
    void openBrowser() {
        browser = new ConsoleBrowser(base);
    }

    private HttpResponse<String> get(String path) {
        return browser.get(path);
    }

    private HttpResponse<String> submitLogin(String user, String password, String next) {
        return browser.login(user, password, next);
    }

    @Test
    void theConsoleSendsAStrangerToTheLoginPageAndBackAfterLogin() {
        HttpResponse<String> before = get("console/");
        assertEquals(302, before.statusCode());
        assertTrue(before.headers().firstValue("Location").orElse("").contains("/login.xhtml?next=%2Fconsole%2F"));

        HttpResponse<String> login = submitLogin("admin", Deployments.ADMIN_PASSWORD, "/console/");
        assertEquals(302, login.statusCode(), login.body());
        assertTrue(login.headers().firstValue("Location").orElse("").endsWith("/console/"));

        HttpResponse<String> console = get("console/");
        assertEquals(200, console.statusCode());
        assertTrue(console.body().contains(">admin</span>"), "the console names who is logged in");
        assertEquals("DENY", console.headers().firstValue("X-Frame-Options").orElse(""));
        assertTrue(console.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"));
    }

    /** The script-src directive of a Content-Security-Policy, "" if it has none. */
    private static String scriptSrc(String policy) {
        return java.util.Arrays.stream(policy.split(";")).map(String::trim).filter(d -> d.startsWith("script-src ")).findFirst().orElse("");
    }

    /** The nonce of the page's one policy's script-src if that is exactly {@code 'self' 'nonce-...'}, else null. */
    private static String nonce(HttpResponse<String> page) {
        List<String> policies = page.headers().allValues("Content-Security-Policy");
        assertEquals(1, policies.size(), "one policy: " + policies);
        var m = java.util.regex.Pattern.compile("^script-src 'self' 'nonce-([A-Za-z0-9+/]{16,}={0,2})'$").matcher(scriptSrc(policies.get(0)));
        return m.matches() ? m.group(1) : null;
    }

    /**
     * The page with every script element's text taken out, as an HTML parser reads it: a script
     * ends at the first {@code </script>}, so a name with markup inside a script's string (escaped
     * as {@code <\/script>} there) is no element of the page.
     */
    private static String withEmptyScripts(String body) {
        StringBuilder out = new StringBuilder();
        var start = java.util.regex.Pattern.compile("<script\\b[^>]*>", java.util.regex.Pattern.CASE_INSENSITIVE).matcher(body);
        int at = 0;
        while (start.find(at)) {
            int end = body.indexOf("</script>", start.end());
            out.append(body, at, start.end());
            at = end < 0 ? body.length() : end;
        }
        return out.append(body.substring(at)).toString();
    }

    /** The first match of {@code regex} in {@code body} with some text around it, null if none. */
    private static String around(String body, String regex) {
        var m = java.util.regex.Pattern.compile(regex).matcher(body);
        return m.find() ? body.substring(Math.max(0, m.start() - 80), Math.min(body.length(), m.end() + 200)) : null;
    }

    @Test
    void everyPageGetsItsOwnScriptNonceAndNoInlineScriptWithoutIt() {
        // A name with markup: in CSP mode PrimeFaces moves handlers (a delete's confirmation names the device) into scripts.
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String run = Deployments.unique();
        long region = ge.wardops.testing.TestFleet.region(admin, "Nonce " + run, "NR" + run);
        long branch = ge.wardops.testing.TestFleet.branch(admin, region, "Nonce branch " + run, "NB" + run);
        ge.wardops.testing.TestFleet.device(admin, "{\"name\":\"<script>alert('" + run + "')</script><img src=x onerror=alert(2)>\",\"ip\":\""
                + Deployments.net() + "1\",\"type\":\"ROUTER\",\"branchId\":" + branch + "}");
        assertEquals(302, submitLogin("admin", Deployments.ADMIN_PASSWORD, "/console/").statusCode());
        List<String> nonces = new ArrayList<>();
        for (String path : List.of("console/", "console/devices.xhtml?q=" + run, "console/devices.xhtml?q=" + run, "login.xhtml", "login.xhtml")) {
            HttpResponse<String> page = get(path);
            assertEquals(200, page.statusCode(), path);
            String nonce = nonce(page);
            assertTrue(nonce != null, path + ": script-src is this server and a nonce, no 'unsafe-inline': "
                    + page.headers().allValues("Content-Security-Policy"));
            assertTrue(page.body().contains("nonce=\"" + nonce + "\""), path + ": PrimeFaces' scripts carry the response's nonce");
            String markup = withEmptyScripts(page.body());
            assertEquals(null, around(markup, "<script(?![^>]*\\bsrc=)(?![^>]*\\bnonce=)[^>]*>"), path + ": every inline script carries the nonce");
            assertEquals(null, around(markup, "<[a-zA-Z][^<>]*\\son[a-z]+="), path + ": no inline event handler");
            nonces.add(nonce);
        }
        assertEquals(nonces.size(), new java.util.HashSet<>(nonces).size(), "every response has its own nonce: " + nonces);
    }

    @Test
    void aConsoleFormPostedWithoutThePagesNonceIsABadRequestNotAFailure() {
        HttpResponse<String> page = get("login.xhtml");
        var viewState = java.util.regex.Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(viewState.find());
        HttpResponse<String> posted = browser.post("login.xhtml", "login=login&login%3Ausername=admin&login%3Apassword=wrong"
                + "&login%3Asubmit=&jakarta.faces.ViewState=" + java.net.URLEncoder.encode(viewState.group(1), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(400, posted.statusCode(), posted.body());
        assertTrue(posted.body().contains("could not be read"), posted.body());
        String forged = java.util.Base64.getEncoder().encodeToString(java.util.UUID.randomUUID().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(302, submitLogin("admin", Deployments.ADMIN_PASSWORD, "/console/").statusCode());
        HttpResponse<String> devices = get("console/devices.xhtml");
        var state = java.util.regex.Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"").matcher(devices.body());
        assertTrue(state.find());
        HttpResponse<String> logout = browser.post("console/devices.xhtml", "logout=logout&logout%3AlogoutButton=&jakarta.faces.ViewState="
                + java.net.URLEncoder.encode(state.group(1), java.nio.charset.StandardCharsets.UTF_8) + "&primefaces.nonce=" + java.net.URLEncoder.encode(forged, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(400, logout.statusCode(), "another view's (or a made-up) nonce is refused too: " + logout.body());
    }

    @Test
    void aWrongPasswordShowsAMessageAndLogsNobodyIn() {
        String run = Deployments.unique();
        String someone = TestFleet.user(Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD), "wrong-" + run, "Right-password-" + run, "viewer");
        HttpResponse<String> login = submitLogin(someone, "wrong-password", "/console/");
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("Wrong user name or password"));
        assertEquals(302, get("console/").statusCode());
    }

    @Test
    void theLoginPageNeverRedirectsToAnotherSite() {
        HttpResponse<String> login = submitLogin("admin", Deployments.ADMIN_PASSWORD, "//evil.example/phish");
        assertEquals(302, login.statusCode());
        String location = login.headers().firstValue("Location").orElse("");
        assertFalse(location.contains("evil.example"), location);
        assertTrue(location.endsWith("/console/"), location);
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteAndRenewedAtLogin() {
        HttpResponse<String> page = get("login.xhtml");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("JSESSIONID")),
                "no session before login: " + page.headers().allValues("Set-Cookie"));
        HttpResponse<String> login = submitLogin("admin", Deployments.ADMIN_PASSWORD, "/console/");
        String first = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID")).findFirst().orElse("");
        assertTrue(first.contains("HttpOnly"), first);
        assertTrue(first.toLowerCase().contains("samesite=lax"), first);
        HttpResponse<String> again = submitLogin("admin", Deployments.ADMIN_PASSWORD, "/console/");
        String renewed = again.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID")).findFirst().orElse("");
        assertFalse(renewed.isEmpty(), "a new session id is issued at login");
        assertFalse(renewed.split(";")[0].equals(first.split(";")[0]));
        for (HttpResponse<String> r : List.of(page, login, again, get("console/"), get("console/devices.xhtml"))) {
            assertTrue(r.headers().allValues("Set-Cookie").stream().allMatch(c -> c.toLowerCase().contains("samesite=")),
                    "every cookie has SameSite: " + r.headers().allValues("Set-Cookie"));
        }
    }

    @Test
    void noAnswerNamesTheServerAndTheContainersOwnAnswersCarryTheApplicationsHeaders() {
        Http anonymous = Http.anonymous(base);
        Http admin = anonymous.as("admin", Deployments.ADMIN_PASSWORD);
        String viewer = "hdr-" + Deployments.unique();
        assertEquals(201, admin.postJson("api/v1/users", "{\"username\":\"" + viewer + "\",\"password\":\"Header-Pass-123!\","
                + "\"roles\":[\"viewer\"]}").status());
        ConsoleBrowser viewerBrowser = new ConsoleBrowser(base);
        assertEquals(302, viewerBrowser.login(viewer, "Header-Pass-123!", "/console/").statusCode());

        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("401 API", anonymous.get("api/v1/devices").raw());
        answers.put("404 page", get("no/such/page"));
        answers.put("404 API", admin.get("api/v1/no-such-thing").raw());
        answers.put("403 page", viewerBrowser.get("console/users.xhtml"));
        answers.put("login page", get("login.xhtml"));
        answers.put("API JSON", admin.get("api/v1/users/me").raw());
        answers.put("token", admin.postJson("api/v1/tokens", "{\"name\":\"hdr\",\"expiresInDays\":1}").raw());
        answers.put("console page", viewerBrowser.get("console/devices.xhtml"));
        List<String> wrong = new ArrayList<>();
        answers.forEach((what, r) -> {
            String all = r.headers().map().toString() + r.body();
            if (all.contains("Payara") || all.contains("GlassFish") || r.headers().firstValue("X-Powered-By").isPresent()
                    || r.headers().firstValue("Server").isPresent()) {
                wrong.add(what + " names the server: " + r.headers().map());
            }
            if (!r.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'")
                    || !"nosniff".equals(r.headers().firstValue("X-Content-Type-Options").orElse(""))) {
                wrong.add(what + " lacks CSP or nosniff: " + r.headers().map());
            }
            List<String> policies = r.headers().allValues("Content-Security-Policy");
            if (policies.size() != 1 || !scriptSrc(policies.get(0)).matches("script-src 'self'( 'nonce-[A-Za-z0-9+/]{16,}={0,2}')?")
                    || policies.get(0).contains("'unsafe-eval'")) {
                wrong.add(what + " has not one policy with scripts from this server (and the page's nonce) only: " + policies);
            }
            if (!r.headers().allValues("Cache-Control").toString().contains("no-store")) {
                wrong.add(what + " may be stored: " + r.headers().allValues("Cache-Control"));
            }
            if (!what.equals("console page") && r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID"))) {
                wrong.add(what + " created a session");
            }
        });
        assertEquals(List.of(), wrong);
        assertEquals(404, answers.get("404 page").statusCode());
        assertTrue(answers.get("404 page").body().contains("nothing at this address"), answers.get("404 page").body());
        assertEquals(404, answers.get("404 API").statusCode());
        assertTrue(answers.get("404 API").headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    void apiCallsWithBasicCredentialsCreateNoSessions() {
        Http.Answer a = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD).get("api/v1/regions");
        assertEquals(200, a.status());
        assertTrue(a.raw().headers().allValues("Set-Cookie").stream().noneMatch(c -> c.startsWith("JSESSIONID")),
                a.raw().headers().toString());
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountAndEveryAttemptIsAudited() {
        String user = "lock-" + Deployments.unique();
        String password = "Correct-Horse-1!";
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        TestFleet.user(admin, user, password, "operator");
        Http guesser = Http.anonymous(base);
        for (int i = 0; i < 3; i++) {
            assertEquals(401, guesser.as(user, "guess-" + i).get("api/v1/regions").status());
        }
        assertEquals(401, guesser.as(user, password).get("api/v1/regions").status(), "locked: even the right password is refused");
        assertEquals(3, Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'LOGIN_FAILED'", user));
        assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'LOGIN_REFUSED'", user));
        assertEquals(1, Database.count("SELECT count(*) FROM users WHERE username = ? AND locked_until > now()", user));
    }

    /**
     * A remembered Basic login used in the last 15 s of its minute is checked again in the background
     * by reading the account, not with PBKDF2: no new login is audited, roles given in the users table
     * apply from then on; a password hash replaced or an account disabled straight in the database
     * (another node, or someone holding the database password) sends the re-check to the full check,
     * which refuses, audits the failure with the client's address and ends the login before its
     * minute. One test for all four users: it waits ~50 s once.
     */
    @Test
    void aRememberedLoginIsReadAgainWithoutANewLoginAndChangesInTheDatabaseEndItBeforeItsMinute() throws Exception {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        String password = "Remembered-Pass-1!";
        Map<String, String> users = new LinkedHashMap<>();
        for (String kind : List.of("steady", "moved", "disabled", "promoted")) {
            users.put(kind, "rem-" + kind + "-" + Deployments.unique());
            assertEquals(201, admin.postJson("api/v1/users", "{\"username\":\"" + users.get(kind) + "\",\"password\":\""
                    + password + "\",\"roles\":[\"viewer\"]}").status());
        }
        Map<String, Http> callers = new LinkedHashMap<>();
        users.forEach((kind, user) -> callers.put(kind, Http.anonymous(base).as(user, password)));
        for (Http caller : callers.values()) {
            assertEquals(200, caller.get("api/v1/regions").status());
        }
        long checked = System.nanoTime();
        String firstLogin = Database.column("SELECT last_login_at::text FROM users WHERE username = ?", users.get("steady")).get(0);
        assertEquals(403, callers.get("promoted").get("api/v1/audit/events").status(), "a viewer may not read the audit log");

        // Meanwhile, straight in the database: another hash (admin's: a valid one of another password),
        // disabled, one more role.
        Database.execute("UPDATE users SET password_hash = (SELECT password_hash FROM users WHERE username = 'admin') "
                + "WHERE username = ?", users.get("moved"));
        Database.execute("UPDATE users SET enabled = false WHERE username = ?", users.get("disabled"));
        Database.execute("INSERT INTO user_roles (user_id, role_name) SELECT id, 'auditor' FROM users WHERE username = ?",
                users.get("promoted"));

        // Within the minute: still remembered as checked (the changes cannot be known without a read) ...
        Thread.sleep(Math.max(0, 47_000 - (System.nanoTime() - checked) / 1_000_000));
        for (Http caller : callers.values()) {
            assertEquals(200, caller.get("api/v1/regions").status(), "remembered until its minute or a re-check");
        }
        // ... and these calls, in the minute's last quarter, started the re-checks.
        // Each asked until it shows the change once (a refused login is not asked again: the failures of
        // one address per minute are limited), the steady one every time.
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int attempt = 0; attempt < 40 && seen.size() < 4; attempt++) {
            Thread.sleep(250);
            for (String kind : List.of("moved", "disabled")) {
                int status = seen.containsKey(kind) ? 401 : callers.get(kind).get("api/v1/regions").status();
                if (status == 401) {
                    seen.put(kind, status);
                }
            }
            if (!seen.containsKey("promoted") && callers.get("promoted").get("api/v1/audit/events").status() == 200) {
                seen.put("promoted", 200);
            }
            int steady = callers.get("steady").get("api/v1/regions").status();
            seen.put("steady", seen.getOrDefault("steady", 200) == 200 ? steady : seen.get("steady"));
        }
        assertTrue((System.nanoTime() - checked) / 1_000_000 < 60_000,
                "all seen before the first check's minute ended, so the re-checks did it: " + seen);
        assertEquals(Map.of("steady", 200, "moved", 401, "disabled", 401, "promoted", 200), seen);

        String login = "SELECT count(*) FROM audit_events WHERE actor = ? AND action = ?";
        assertEquals(1, Database.count(login, users.get("steady"), "LOGIN"), "a re-check that read the account is no new login");
        assertEquals(1, Database.count(login, users.get("promoted"), "LOGIN"));
        assertEquals(1, Database.count("SELECT count(*) FROM users WHERE username = ? AND last_login_at > ?::timestamptz",
                users.get("steady"), firstLogin), "but it moves last_login_at: an account in use does not look dormant");
        for (String kind : List.of("moved", "disabled")) {
            assertTrue(Database.count(login, users.get(kind), "LOGIN_FAILED") >= 1, kind + ": the full check refused it");
            assertEquals(1, Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'LOGIN_FAILED' "
                    + "AND client_address = '127.0.0.1' AND id = (SELECT min(id) FROM audit_events WHERE actor = ? "
                    + "AND action = 'LOGIN_FAILED')", users.get(kind), users.get(kind)), kind + ": with the client's address");
        }
    }

    @Test
    void parallelRequestsOfOneUserWithNothingRememberedAllSucceed() throws Exception {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        for (int trial = 0; trial < 2; trial++) {
            // A user never logged in before: nothing remembered, every request checks the password.
            String user = "par-" + Deployments.unique();
            String password = "Parallel-Pass-1!";
            TestFleet.user(admin, user, password, "operator");
            Http caller = Http.anonymous(base).as(user, password);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
            try {
                java.util.List<java.util.concurrent.Future<Http.Answer>> calls = new java.util.ArrayList<>();
                java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
                for (int i = 0; i < 8; i++) {
                    calls.add(pool.submit(() -> {
                        start.await();
                        return caller.get("api/v1/users/me");
                    }));
                }
                java.util.List<java.util.concurrent.CompletableFuture<ge.wardops.testing.FeedClient>> feeds = new java.util.ArrayList<>();
                start.countDown();
                for (int i = 0; i < 3; i++) {
                    feeds.add(ge.wardops.testing.FeedClient.connect(base, user, password));
                }
                for (java.util.concurrent.Future<Http.Answer> call : calls) {
                    Http.Answer a = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
                    assertEquals(200, a.status(), a.toString());
                }
                for (java.util.concurrent.CompletableFuture<ge.wardops.testing.FeedClient> feed : feeds) {
                    feed.get(30, java.util.concurrent.TimeUnit.SECONDS).close();
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, Database.count("SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'LOGIN_FAILED'", user));
        }
    }

    @Test
    void aFeedUpgradeFromAnotherSiteIsRefusedAndAuditedWhileTheConsolesOwnAndScriptsConnect() throws Exception {
        String user = "origin-" + Deployments.unique();
        String password = "Origin-Pass-123!";
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        TestFleet.user(admin, user, password, "viewer");
        java.util.concurrent.ExecutionException refused = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> ge.wardops.testing.FeedClient.connectFrom(base, "https://evil.example", user, password)
                        .get(20, java.util.concurrent.TimeUnit.SECONDS));
        assertTrue(refused.getCause() instanceof java.net.http.WebSocketHandshakeException, refused.toString());
        assertEquals(403, ((java.net.http.WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
        assertTrue(ge.wardops.testing.Waits.eventually(java.time.Duration.ofSeconds(10), () -> Database.count(
                "SELECT count(*) FROM audit_events WHERE actor = ? AND action = 'ACCESS_DENIED' AND details LIKE ?",
                user, "%evil.example%") == 1), "the refusal is audited");

        String own = base.toString().replaceAll("/$", "").replaceFirst("(https?://[^/]+).*", "$1");
        ge.wardops.testing.FeedClient.connectFrom(base, own, user, password).get(20, java.util.concurrent.TimeUnit.SECONDS).close();
        ge.wardops.testing.FeedClient.connect(base, user, password).get(20, java.util.concurrent.TimeUnit.SECONDS).close();
    }

    @Test
    void aLockedAccountTakesAsLongToRefuseAsAWrongPassword() {
        String run = Deployments.unique();
        String locked = "slow-" + run;
        String open = "slow2-" + run;
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        for (String user : List.of(locked, open)) {
            assertEquals(201, admin.postJson("api/v1/users", "{\"username\":\"" + user + "\",\"password\":\"Correct-Horse-2!\","
                    + "\"roles\":[\"viewer\"]}").status());
        }
        Http guesser = Http.anonymous(base);
        for (int i = 0; i < 3; i++) {
            assertEquals(401, guesser.as(locked, "guess-" + i).get("api/v1/regions").status());
        }
        // Interleaved, so that the machine's load weighs on both alike: a wrong password of an open
        // account (one PBKDF2 check) against any password of the locked one.
        long wrong = Long.MAX_VALUE;
        long refused = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            assertEquals(401, guesser.as(open, "guess-" + i).get("api/v1/regions").status());
            wrong = Math.min(wrong, System.nanoTime() - t0);
            t0 = System.nanoTime();
            assertEquals(401, guesser.as(locked, "guess-locked-" + i).get("api/v1/regions").status());
            refused = Math.min(refused, System.nanoTime() - t0);
        }
        // Without the check a locked account answered in a fraction of a wrong password's time (11 vs 65 ms).
        assertTrue(refused >= wrong / 2, "locked: " + refused / 1_000_000 + " ms, wrong password: " + wrong / 1_000_000 + " ms");
    }

    @Test
    void usersAreCreatedOnlyWithAStrongEnoughPasswordAndKnownRoles() {
        Http admin = Http.anonymous(base).as("admin", Deployments.ADMIN_PASSWORD);
        Http.Answer weak = admin.postJson("api/v1/users", "{\"username\":\"weak-" + Deployments.unique() + "\",\"password\":\"short\",\"roles\":[\"viewer\"]}");
        assertEquals(400, weak.status());
        assertTrue(weak.body().contains("12 to 200 characters"), weak.body());
        Http.Answer badRole = admin.postJson("api/v1/users", "{\"username\":\"r-" + Deployments.unique() + "\",\"password\":\"Long-enough-pass-1\",\"roles\":[\"root\"]}");
        assertEquals(400, badRole.status());
        Http.Answer noRegion = admin.postJson("api/v1/users", "{\"username\":\"m-" + Deployments.unique() + "\",\"password\":\"Long-enough-pass-1\",\"roles\":[\"regional_manager\"]}");
        assertEquals(400, noRegion.status());
        assertTrue(noRegion.body().contains("needs at least one region"));
        assertTrue(admin.get("api/v1/users").body().contains("\"admin\""));
        assertFalse(admin.get("api/v1/users").body().contains("PBKDF2"), "no password hash ever leaves the server");
    }
}
