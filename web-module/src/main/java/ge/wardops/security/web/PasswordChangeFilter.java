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

/**
 * A user who must change the password (a generated first password, or one an administrator
 * reset) can do nothing else: every console page redirects to the password page, and every API
 * call but {@code POST /api/v1/users/me/password} answers 403 "password change required".
 */
@WebFilter(urlPatterns = {"/console/*", "/api/*"}, asyncSupported = true)
public class PasswordChangeFilter extends HttpFilter {

    static final String PASSWORD_PAGE = "/console/password.xhtml";
    static final String PASSWORD_API = "/api/v1/users/me/password";

    @Inject
    PasswordChangeRequirements requirements;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Principal caller = request.getUserPrincipal();
        if (caller == null || !requirements.pending(caller.getName())) {
            chain.doFilter(request, response);
            return;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(PASSWORD_PAGE) || path.equals(PASSWORD_API)) {
            chain.doFilter(request, response);
        } else if (ConsoleAndApiAuthentication.isApi(request)) {
            ProblemResponses.write(response, 403, "Forbidden", "password change required: change the password with POST "
                    + PASSWORD_API + " {\"currentPassword\":...,\"newPassword\":...} before anything else");
        } else {
            response.sendRedirect(request.getContextPath() + PASSWORD_PAGE);
        }
    }
}
