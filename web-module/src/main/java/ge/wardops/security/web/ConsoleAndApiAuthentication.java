package ge.wardops.security.web;

import ge.wardops.audit.AccessDenials;
import ge.wardops.audit.RequestOrigin;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

/**
 * One mechanism for both ways in, since Jakarta Security 3 allows one per application:
 * <ul>
 * <li>the console: the login page hands the form's credentials over through
 * {@code SecurityContext.authenticate}; the login is kept in the HTTP session (new id on login);
 * a protected page without a login redirects to the login page;</li>
 * <li>the API and feeds: HTTP Basic on each request, no session created; without credentials
 * a protected path answers 401 with a problem body, never a redirect.</li>
 * </ul>
 */
@ApplicationScoped
public class ConsoleAndApiAuthentication implements HttpAuthenticationMechanism {

    /** Session attribute holding the console login. */
    static final String SESSION_CALLER = "wardops.caller";
    static final String LOGIN_PAGE = "/login.xhtml";

    /** What the session remembers of a console login. */
    record SessionCaller(String name, Set<String> groups) implements Serializable {
    }

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    RequestOrigin origin;

    @Inject
    AccessDenials denials;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        rememberOrigin(request);
        Credential formCredential = context.getAuthParameters().getCredential();
        if (formCredential != null) {
            return consoleLogin(request, context, formCredential);
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim(), response, context);
        }
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(SESSION_CALLER) instanceof SessionCaller caller) {
            return context.notifyContainerAboutLogin(caller.name(), caller.groups());
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        if (isFeed(request)) {
            // A feed handshake without credentials is refused here, before any filter could see it.
            denials.denied(null, request.getRemoteAddr(), "feed", request.getMethod(),
                    request.getRequestURI().substring(request.getContextPath().length()), "handshake without credentials (401)");
        }
        return isApi(request) ? unauthorized(response, "log in: send HTTP Basic credentials") : toLoginPage(request, response);
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.removeAttribute(SESSION_CALLER);
        }
        HttpAuthenticationMechanism.super.cleanSubject(request, response, context);
    }

    private AuthenticationStatus consoleLogin(HttpServletRequest request, HttpMessageContext context, Credential credential) {
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return AuthenticationStatus.SEND_FAILURE;
        }
        // A fresh session id on login defeats session fixation.
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.setAttribute(SESSION_CALLER, new SessionCaller(result.getCallerPrincipal().getName(), Set.copyOf(result.getCallerGroups())));
        return context.notifyContainerAboutLogin(result);
    }

    private AuthenticationStatus basic(String encoded, HttpServletResponse response, HttpMessageContext context) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return unauthorized(response, "the Authorization header is not valid Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return unauthorized(response, "the Authorization header is not valid Basic credentials");
        }
        CredentialValidationResult result = identityStores.validate(
                new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1)));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return unauthorized(response, "wrong user name or password, or the account is locked");
        }
        return context.notifyContainerAboutLogin(result);
    }

    private static AuthenticationStatus unauthorized(HttpServletResponse response, String detail) {
        try {
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Basic realm=\"wardops\", charset=\"UTF-8\"");
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\""
                    + detail.replace("\"", "'") + "\",\"errors\":[]}");
        } catch (IOException e) {
            // The client went away; nothing more to tell it.
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    private static AuthenticationStatus toLoginPage(HttpServletRequest request, HttpServletResponse response) {
        String target = request.getRequestURI().substring(request.getContextPath().length());
        if (request.getQueryString() != null) {
            target += "?" + request.getQueryString();
        }
        try {
            response.sendRedirect(request.getContextPath() + LOGIN_PAGE + "?next=" + URLEncoder.encode(target, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The client went away.
        }
        return AuthenticationStatus.SEND_CONTINUE;
    }

    static boolean isApi(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length()).startsWith("/api/");
    }

    private static boolean isFeed(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length()).startsWith("/api/v1/ws/");
    }

    private void rememberOrigin(HttpServletRequest request) {
        try {
            origin.clientAddress(request.getRemoteAddr());
        } catch (ContextNotActiveException e) {
            // No request scope (cannot happen on Payara for an HTTP request); audit rows go without it.
        }
    }
}
