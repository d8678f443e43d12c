package ge.wardops.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without JavaScript: keeps its cookies, fills the login form the way a person does
 * (with Faces' view state, and the page's script nonce, which PrimeFaces' script adds to every form
 * in a real browser and PrimeFaces checks on a postback), and does not follow redirects so a test
 * sees where they point.
 */
public final class ConsoleBrowser {

    private static final Pattern VIEW_STATE = Pattern.compile("name=\"jakarta.faces.ViewState\"[^>]*value=\"([^\"]+)\"");
    private static final Pattern HIDDEN_LOGIN_FIELD = Pattern.compile("<input type=\"hidden\" name=\"(login:[^\"]+)\" value=\"([^\"]*)\"");

    private static final Pattern NONCE = Pattern.compile("'nonce-([A-Za-z0-9+/=]+)'");

    private final URL base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();

    public ConsoleBrowser(URL base) {
        this.base = base;
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Opens the login page (for {@code next}) and submits the form; answers the POST's response. */
    public HttpResponse<String> login(String user, String password, String next) {
        HttpResponse<String> page = get("login.xhtml?next=" + enc(next));
        if (page.statusCode() != 200) {
            throw new AssertionError("login page answered " + page.statusCode());
        }
        Matcher viewState = VIEW_STATE.matcher(page.body());
        if (!viewState.find()) {
            throw new AssertionError("the login page carries no Faces view state");
        }
        StringBuilder form = new StringBuilder("login=login&login%3Ausername=").append(enc(user))
                .append("&login%3Apassword=").append(enc(password)).append("&login%3Asubmit=")
                .append("&jakarta.faces.ViewState=").append(enc(viewState.group(1))).append(nonceField(page));
        Matcher hidden = HIDDEN_LOGIN_FIELD.matcher(page.body());
        while (hidden.find()) {
            form.append('&').append(enc(hidden.group(1))).append('=').append(enc(hidden.group(2).replace("&#47;", "/")));
        }
        return send(HttpRequest.newBuilder(URI.create(base + "login.xhtml"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    /** Presses "Log out" on {@code page} (a console page); answers the POST's response. */
    public HttpResponse<String> logout(String page) {
        HttpResponse<String> shown = get(page);
        Matcher viewState = VIEW_STATE.matcher(shown.body());
        if (shown.statusCode() != 200 || !viewState.find()) {
            throw new AssertionError(page + " answered " + shown.statusCode() + " without a Faces view state");
        }
        return send(HttpRequest.newBuilder(URI.create(base + page))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout=logout&logout%3AlogoutButton=&jakarta.faces.ViewState="
                        + enc(viewState.group(1)) + nonceField(shown))));
    }

    /**
     * Presses the button {@code buttonId} of form {@code formId} on {@code page} (a non-AJAX submit,
     * as a download button does) with {@code fields} (name, value, ...); answers the POST's response.
     */
    public HttpResponse<byte[]> press(String page, String formId, String buttonId, String... fields) {
        HttpResponse<String> shown = get(page);
        Matcher viewState = VIEW_STATE.matcher(shown.body());
        if (shown.statusCode() != 200 || !viewState.find()) {
            throw new AssertionError(page + " answered " + shown.statusCode() + " without a Faces view state");
        }
        StringBuilder form = new StringBuilder(enc(formId)).append('=').append(enc(formId))
                .append('&').append(enc(buttonId)).append('=')
                .append("&jakarta.faces.ViewState=").append(enc(viewState.group(1))).append(nonceField(shown));
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.append('&').append(enc(fields[i])).append('=').append(enc(fields[i + 1]));
        }
        try {
            return client.send(HttpRequest.newBuilder(URI.create(base + page))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Opens {@code page} and submits its form {@code form} with {@code fields} (names without the
     * form prefix) by pressing {@code button}, without Ajax; answers the POST's response.
     */
    public HttpResponse<String> submit(String page, String form, java.util.Map<String, String> fields, String button) {
        HttpResponse<String> shown = get(page);
        Matcher viewState = VIEW_STATE.matcher(shown.body());
        if (shown.statusCode() != 200 || !viewState.find()) {
            throw new AssertionError(page + " answered " + shown.statusCode() + " without a Faces view state");
        }
        StringBuilder body = new StringBuilder(enc(form)).append('=').append(enc(form))
                .append('&').append(enc(form + ":" + button)).append('=')
                .append("&jakarta.faces.ViewState=").append(enc(viewState.group(1))).append(nonceField(shown));
        fields.forEach((name, value) -> body.append('&').append(enc(form + ":" + name)).append('=').append(enc(value)));
        return send(HttpRequest.newBuilder(URI.create(base + page.replaceAll("\\?.*$", "")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Posts {@code form} (URL-encoded, exactly as given) to {@code path}; answers the POST's response. */
    public HttpResponse<String> post(String path, String form) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** The browser's client, cookies included, e.g. to open the live feed as the logged-in console. */
    public HttpClient client() {
        return client;
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The form field carrying the page's script nonce (from its Content-Security-Policy), as PrimeFaces sends it. */
    private static String nonceField(HttpResponse<String> page) {
        Matcher nonce = NONCE.matcher(page.headers().firstValue("Content-Security-Policy").orElse(""));
        return nonce.find() ? "&primefaces.nonce=" + enc(nonce.group(1)) : "";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
