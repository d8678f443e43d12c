package ge.wardops.security.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Gives every cookie the application sets without a SameSite attribute {@code SameSite=Lax} and
 * HttpOnly, as the session cookie has (glassfish-web.xml): Faces' flash cookie {@code csfcfc}
 * was sent without either. Lax keeps it from cross-site POSTs yet keeps links from mail working.
 */
final class SameSiteCookies extends HttpServletResponseWrapper {

    private SameSiteCookies(HttpServletResponse response) {
        super(response);
    }

    static HttpServletResponse wrap(HttpServletResponse response) {
        return response instanceof SameSiteCookies ? response : new SameSiteCookies(response);
    }

    @Override
    public void addCookie(Cookie cookie) {
        if (cookie.getAttribute("SameSite") == null) {
            cookie.setAttribute("SameSite", "Lax");
        }
        cookie.setHttpOnly(true);
        super.addCookie(cookie);
    }
}
