package ge.wardops.security.web;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;

/** Every API call takes a permit of its client address and of its user; without one it answers 429 with Retry-After. */
@WebFilter(urlPatterns = "/api/*", asyncSupported = true)
public class ApiRateLimitFilter extends HttpFilter {

    @Inject
    RateLimits limits;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Principal caller = request.getUserPrincipal();
        long wait = limits.apiCall(request.getRemoteAddr(), caller == null ? null : caller.getName());
        if (wait > 0) {
            ProblemResponses.tooManyRequests(response, wait, "too many API calls from this client or user; try again in "
                    + wait + " s");
            return;
        }
        chain.doFilter(request, response);
    }
}
