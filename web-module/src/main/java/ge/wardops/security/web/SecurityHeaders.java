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
     * Scripts from this server only, no eval (ConsoleBrowserIT fails on any violation); inline
     * scripts stay allowed because PrimeFaces 14 in its default mode writes inline handlers
     * (primefaces.CSP with nonces would lift that; see docs/security.md).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
            + "base-uri 'self'; form-action 'self'; object-src 'none'";

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
