package ge.wardops.security.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every answer carries, whoever writes it: the hardening filter for pages and the API,
 * and — since they answer before any filter — the authentication mechanism (401, the redirect to
 * the login page), the container's refusals and error pages ({@code AccessDeniedPage},
 * {@code ErrorPage}). Answers that hold a caller's data (the API, console pages, refusals) are
 * never stored by a browser or proxy; static resources are left cacheable.
 */
public final class SecurityHeaders {

    /**
     * Scripts from this server only, no eval and no inline script but the response's own
     * ({@link #contentSecurityPolicy(String)}); ConsoleBrowserIT fails on any violation.
     */
    static final String CONTENT_SECURITY_POLICY = contentSecurityPolicy(null);

    /**
     * The one policy of every answer. {@code nonce} is the page's script nonce (PrimeFaces writes it
     * on the scripts it renders, {@link ScriptNonce}) or null for answers that run no inline
     * script (the API, error pages, static files, and every page until Faces renders it). Styles
     * keep {@code 'unsafe-inline'}: PrimeFaces' widgets set style attributes in their markup
     * (dialogs, overlays, charts), and an injected style cannot run code. Fonts may be data: URLs:
     * the maintenance calendar (FullCalendar) embeds its icon font so.
     */
    public static String contentSecurityPolicy(String nonce) {
        return "default-src 'self'; script-src 'self'" + (nonce == null ? "" : " 'nonce-" + nonce + "'")
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self' ws: wss:; "
                + "frame-ancestors 'none'; "
                + "base-uri 'self'; form-action 'self'; object-src 'none'";
    }

    private SecurityHeaders() {
    }

    public static void apply(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        if (request.isSecure()) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000");
        }
        if (!isStatic(request)) {
            response.setHeader("Cache-Control", "no-store");
        }
    }

    /** Style sheets, scripts and images: the same for everyone, so caching them is right. */
    static boolean isStatic(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/jakarta.faces.resource/") || path.startsWith("/resources/") || path.endsWith(".css")
                || path.endsWith(".js") || path.endsWith(".png") || path.endsWith(".svg") || path.endsWith(".ico")
                || path.endsWith(".woff") || path.endsWith(".woff2") || path.endsWith(".csv") && path.startsWith("/console/example");
    }
}
