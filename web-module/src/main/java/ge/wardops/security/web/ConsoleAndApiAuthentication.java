package ge.wardops.security.web;

import ge.wardops.audit.AccessDenials;
import ge.wardops.audit.RequestOrigin;
import ge.wardops.security.ApiTokens;
import ge.wardops.security.SignIn;
import jakarta.ejb.EJB;
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
import java.util.Optional;
import java.util.Set;

/**
 * One mechanism for both ways in, since Jakarta Security 3 allows one per application:
 * <ul>
 * <li>the console: the login page hands the form's credentials over through
 * {@code SecurityContext.authenticate}; the login is kept in the HTTP session (new id on login);
 * a protected page without a login redirects to the login page;</li>
 * <li>the API and feeds: HTTP Basic or an API token ({@code Authorization: Bearer wo_...}) on
 * each request, no session created; without credentials a protected path answers 401 with a
 * problem body, never a redirect.</li>
 * </ul>
 * Login attempts are rate limited per client address and user ({@link RateLimits}): past the
 * limit the API answers 429 with Retry-After and the login page says to wait, before any password
 * is checked.
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

    /** Request attribute: the console login was refused for this many seconds by the rate limit. */
    public static final String LOGIN_THROTTLED = "wardops.login.throttled";

    @Inject
    RequestOrigin origin;

    @EJB
    AccessDenials denials;

    @Inject
    RateLimits limits;

    @EJB
    ApiTokens tokens;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        // Before anything can answer: the container's own answers (401, the login redirect, 403s) carry them too.
        SecurityHeaders.apply(request, response);
        rememberOrigin(request);
        Credential formCredential = context.getAuthParameters().getCredential();
        if (formCredential != null) {
            return consoleLogin(request, context, formCredential);
        }
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return basic(authorization.substring(6).trim(), request.getRemoteAddr(), response, context);
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return bearer(authorization.substring(7).trim(), request.getRemoteAddr(), response, context);
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
        return isApi(request) ? unauthorized(response, "log in: send HTTP Basic credentials or an API token (Bearer)") : toLoginPage(request, response);
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
        String user = credential instanceof UsernamePasswordCredential up ? up.getCaller() : null;
        long wait = limits.loginWait(request.getRemoteAddr(), user);
        if (wait > 0) {
            request.setAttribute(LOGIN_THROTTLED, wait);
            return AuthenticationStatus.SEND_FAILURE;
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            limits.loginAttempt(request.getRemoteAddr(), user);
            return AuthenticationStatus.SEND_FAILURE;
        }
        // A fresh session id on login defeats session fixation.
        HttpSession session = request.getSession(true);
        request.changeSessionId();
        session.setAttribute(SESSION_CALLER, new SessionCaller(result.getCallerPrincipal().getName(), Set.copyOf(result.getCallerGroups())));
        return context.notifyContainerAboutLogin(result);
    }

    private AuthenticationStatus basic(String encoded, String address, HttpServletResponse response, HttpMessageContext context) {
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
        String user = decoded.substring(0, colon);
        long wait = limits.loginWait(address, user);
        if (wait > 0) {
            ProblemResponses.tooManyRequests(response, wait, "too many failed logins from this address or for this user; try again in "
                    + wait + " s");
            return AuthenticationStatus.SEND_FAILURE;
        }
        CredentialValidationResult result = identityStores.validate(new UsernamePasswordCredential(user, decoded.substring(colon + 1)));
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            limits.loginAttempt(address, user);
            return unauthorized(response, "wrong user name or password, or the account is locked");
        }
        return context.notifyContainerAboutLogin(result);
    }

    private AuthenticationStatus bearer(String secret, String address, HttpServletResponse response, HttpMessageContext context) {
        long wait = limits.loginWait(address, null);
        if (wait > 0) {
            ProblemResponses.tooManyRequests(response, wait, "too many failed logins from this address; try again in " + wait + " s");
            return AuthenticationStatus.SEND_FAILURE;
        }
        Optional<SignIn.Caller> caller = tokens.authenticate(secret);
        if (caller.isEmpty()) {
            limits.loginAttempt(address, null);
            return unauthorized(response, "the API token is unknown, revoked or expired, or its owner may not log in");
        }
        return context.notifyContainerAboutLogin(caller.get().username(), caller.get().roles());
    }

    private static AuthenticationStatus unauthorized(HttpServletResponse response, String detail) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"wardops\", charset=\"UTF-8\"");
        ProblemResponses.write(response, 401, "Unauthorized", detail);
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
