package ge.wardops.security.web;

import jakarta.json.Json;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The answer to every error the container itself produces (web.xml names it the default error
 * page): a 404 of an unknown address, a 405, a request the container could not read, a failure no
 * mapper caught. Instead of the server's own error report (which named the server and its
 * version) it says plainly what happened — a problem body under /api/, a small page elsewhere —
 * with the application's headers, and creates no session. A 5xx gets an incident id, which the
 * answer quotes and the server log holds with the details.
 */
@WebServlet("/error")
public class ErrorPage extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(ErrorPage.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        // Opened directly (not as the container's error page): there is nothing at /error.
        int status = code instanceof Integer c ? c : 404;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? request.getRequestURI() : uri.toString();
        path = path.substring(Math.min(path.length(), request.getContextPath().length()));
        String detail = switch (status) {
            case 400 -> "the request could not be read";
            case 401 -> "log in first";
            case 404 -> "there is nothing at this address";
            case 405 -> "this address does not take a " + safe(request.getMethod()) + " request";
            case 413 -> "the request is too large";
            default -> status >= 500 ? "unexpected failure" : "the request was refused";
        };
        if (status >= 500) {
            String incident = UUID.randomUUID().toString();
            Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            LOG.log(Level.SEVERE, "Unexpected failure " + incident + " answering " + safe(request.getMethod()) + " " + safe(path), failure);
            detail += "; the server log has the details under id " + incident;
        }
        response.resetBuffer();
        response.setStatus(status);
        SecurityHeaders.apply(request, response);
        response.setHeader("Cache-Control", "no-store");
        response.setCharacterEncoding("UTF-8");
        if (path.startsWith("/api/")) {
            response.setContentType("application/problem+json");
            response.getWriter().write(Json.createObjectBuilder().add("type", "about:blank").add("title", title(status))
                    .add("status", status).add("detail", detail).add("errors", Json.createArrayBuilder()).build().toString());
            return;
        }
        response.setContentType("text/html");
        response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"UTF-8\"><title>" + title(status)
                + " — WARD OPS</title></head><body><h1>" + title(status) + "</h1><p>" + escape(detail.substring(0, 1).toUpperCase()
                + detail.substring(1)) + ".</p><p><a href=\"" + escape(request.getContextPath()) + "/console/\">Back to the console</a></p></body></html>");
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error " + status;
        };
    }

    private static String safe(String s) {
        return s == null ? "" : s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
