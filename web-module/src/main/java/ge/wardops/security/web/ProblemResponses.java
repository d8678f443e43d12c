package ge.wardops.security.web;

import jakarta.json.Json;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Problem bodies (RFC 9457, the same shape as the API's) written by filters and the authentication
 * mechanism, which answer before JAX-RS and its exception mappers are involved.
 */
final class ProblemResponses {

    private ProblemResponses() {
    }

    static void write(HttpServletResponse response, int status, String title, String detail) {
        try {
            response.setStatus(status);
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(Json.createObjectBuilder().add("type", "about:blank").add("title", title)
                    .add("status", status).add("detail", detail).add("errors", Json.createArrayBuilder()).build().toString());
        } catch (IOException e) {
            // The client went away; nothing more to tell it.
        }
    }

    /** 429 with Retry-After: the client may try again in {@code seconds}. */
    static void tooManyRequests(HttpServletResponse response, long seconds, String detail) {
        response.setHeader("Retry-After", String.valueOf(Math.max(1, seconds)));
        write(response, 429, "Too Many Requests", detail);
    }
}
