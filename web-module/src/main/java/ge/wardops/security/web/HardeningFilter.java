package ge.wardops.security.web;

import ge.wardops.inventory.InventorySettings;
import ge.wardops.security.SecuritySettings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Headers that make every page and answer safer ({@link SecurityHeaders}), SameSite on every cookie
 * the application sets, and the body size limit: a request announcing more than the limit is
 * refused before anything reads it (413 with a problem body).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class HardeningFilter extends HttpFilter {

    @Inject
    SecuritySettings settings;

    @Inject
    InventorySettings imports;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        SecurityHeaders.apply(request, response);
        // A response wrapper puts SameSite on every cookie set further on (Faces' flash cookie csfcfc included).
        response = SameSiteCookies.wrap(response);
        long limit = request.getRequestURI().endsWith("/devices/import") || request.getRequestURI().startsWith(request.getContextPath() + "/console/import")
                ? imports.maxBytes()
                // A vendor MIB file can be larger than any JSON body; MibLibrary refuses one above its own limit.
                : request.getRequestURI().endsWith("/events/mibs") ? Math.max(settings.apiMaxBodyBytes(), ge.wardops.events.MibLibrary.MAX_BYTES)
                : settings.apiMaxBodyBytes();
        if (request.getContentLengthLong() > limit) {
            response.setStatus(413);
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,"
                    + "\"detail\":\"the body has " + request.getContentLengthLong() + " bytes; at most " + limit
                    + " are accepted here\",\"errors\":[]}");
            return;
        }
        chain.doFilter(request, response);
    }
}
