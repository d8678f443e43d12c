package ge.wardops.security.web;

import ge.wardops.audit.AccessDenials;
import ge.wardops.security.SecuritySettings;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A browser sends the console's session cookie with a WebSocket upgrade from any site (the
 * same-origin policy does not cover WebSockets; only SameSite=Lax stood in the way), so a feed
 * upgrade that names an {@code Origin} must name this server's own — the scheme, host and port the
 * request came to — or one of {@code wardops.feed.allowed-origins} (e.g. the address a reverse
 * proxy presents). Anything else is refused with 403 and audited as ACCESS_DENIED. A client that
 * sends no Origin is no browser (scripts, integrations) and is not affected.
 */
@WebFilter(urlPatterns = "/api/v1/ws/*", asyncSupported = true)
public class FeedOriginCheck extends HttpFilter {

    @Inject
    SecuritySettings settings;

    @EJB
    AccessDenials denials;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin == null || sameOrigin(request, origin) || allowed(origin)) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        denials.denied(request.getRemoteUser(), request.getRemoteAddr(), "feed", request.getMethod(), path,
                "cross-origin upgrade from " + clip(origin) + " (403)");
        ProblemResponses.write(response, 403, "Forbidden", "the feed accepts upgrades from this server's own pages only "
                + "(Origin " + clip(origin) + " is not allowed)");
    }

    /** Whether {@code origin} is the scheme, host and port this request was sent to. */
    static boolean sameOrigin(HttpServletRequest request, String origin) {
        URI uri;
        try {
            uri = URI.create(origin.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String expected = request.isSecure() ? "https" : "http";
        int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme.equals(expected) && uri.getHost().equalsIgnoreCase(request.getServerName()) && port == request.getServerPort();
    }

    private boolean allowed(String origin) {
        if (settings.feedAllowedOrigins().isEmpty()) {
            return false;
        }
        String normalized = trimSlash(origin.strip()).toLowerCase(Locale.ROOT);
        List<String> list = Arrays.stream(settings.feedAllowedOrigins().get().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> trimSlash(s).toLowerCase(Locale.ROOT)).toList();
        return list.contains(normalized);
    }

    private static String trimSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String clip(String s) {
        String printable = s.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "..." : printable;
    }
}
