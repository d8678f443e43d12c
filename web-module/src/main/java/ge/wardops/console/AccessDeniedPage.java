package ge.wardops.console;

import ge.wardops.audit.AccessDenials;
import ge.wardops.security.web.SecurityHeaders;
import jakarta.ejb.EJB;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The answer to every 403 the container gives (web.xml names it the error page for 403): a
 * console page or feed the user's roles do not open. It audits the refusal (coalesced by
 * {@link AccessDenials}) and says so plainly: a problem body for the API and feeds, a small page
 * with the way back for people. The API's own 403s are audited where they are made (RefusalAuditing).
 */
@WebServlet("/access-denied")
public class AccessDeniedPage extends HttpServlet {

    @EJB
    AccessDenials denials;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object refused = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = refused == null ? null : refused.toString().substring(request.getContextPath().length());
        if (path != null) {
            String what = path.startsWith("/api/v1/ws/") ? "feed" : path.startsWith("/api/") ? "endpoint" : "page";
            denials.denied(request.getRemoteUser(), request.getRemoteAddr(), what, request.getMethod(), path,
                    "the container refused it (403)");
        }
        response.setStatus(403);
        SecurityHeaders.apply(request, response);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        if (path != null && path.startsWith("/api/")) {
            response.setContentType("application/problem+json");
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                    + "\"detail\":\"your role does not allow this\",\"errors\":[]}");
            return;
        }
        response.setContentType("text/html");
        PrintWriter out = response.getWriter();
        out.write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>Access denied — WARD OPS</title></head>"
                + "<body><h1>Access denied</h1><p>Your role does not open this page. The refusal has been recorded in the audit log.</p>"
                + "<p><a href=\"" + request.getContextPath() + "/console/\">Back to the dashboard</a></p></body></html>");
    }
}
