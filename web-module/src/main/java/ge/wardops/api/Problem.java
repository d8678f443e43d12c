package ge.wardops.api;

import ge.wardops.shared.InvalidInputException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * An error as RFC 9457 "problem details": what went wrong in words, the status, and for input
 * errors each field with its message, so that a client can show them next to its form fields.
 */
public record Problem(String type, String title, int status, String detail, List<InvalidInputException.FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final MediaType PROBLEM = MediaType.valueOf(MEDIA_TYPE);
    private static final Jsonb JSON = JsonbBuilder.create();

    public static Response response(Response.Status status, String detail) {
        return response(status.getStatusCode(), status.getReasonPhrase(), detail, List.of());
    }

    public static Response response(int status, String title, String detail, List<InvalidInputException.FieldError> errors) {
        Problem problem = new Problem("about:blank", title, status, detail, errors);
        // Serialised here: not every JSON provider claims the +json media type.
        return Response.status(status).type(PROBLEM).entity(JSON.toJson(problem)).build();
    }
}
