package ge.wardops.api;

import ge.wardops.history.HistoryUnavailableException;
import ge.wardops.security.PermissionDeniedException;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.UnknownEntityException;
import jakarta.ejb.EJBAccessException;
import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every error the API can answer, as a problem body. Business errors keep their message; an
 * unexpected failure is logged with an id that the answer quotes, and says nothing internal.
 */
public final class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class.getName());

    private ProblemMappers() {
    }

    @Provider
    public static class InvalidInput implements ExceptionMapper<InvalidInputException> {
        @Override
        public Response toResponse(InvalidInputException e) {
            return Problem.response(400, "Invalid input", e.getMessage(), e.errors());
        }
    }

    @Provider
    public static class Conflict implements ExceptionMapper<ConflictException> {
        @Override
        public Response toResponse(ConflictException e) {
            return Problem.response(409, "Conflict", e.getMessage(), e.field() == null ? List.of()
                    : List.of(new InvalidInputException.FieldError(e.field(), e.getMessage())));
        }
    }

    @Provider
    public static class Unknown implements ExceptionMapper<UnknownEntityException> {
        @Override
        public Response toResponse(UnknownEntityException e) {
            return Problem.response(Response.Status.NOT_FOUND, e.getMessage());
        }
    }

    @Provider
    public static class HistoryUnavailable implements ExceptionMapper<HistoryUnavailableException> {
        @Override
        public Response toResponse(HistoryUnavailableException e) {
            // Retry-After: about the breaker's delay; the console can say "try again shortly".
            return Response.fromResponse(Problem.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                    .header("Retry-After", "10").build();
        }
    }

    @Provider
    public static class Validation implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException e) {
            List<InvalidInputException.FieldError> errors = e.getConstraintViolations().stream()
                    .map(v -> new InvalidInputException.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                    .toList();
            return Problem.response(400, "Invalid input", errors.isEmpty() ? "invalid input"
                    : errors.get(0).field() + ": " + errors.get(0).message(), errors);
        }
    }

    @Provider
    public static class BadJson implements ExceptionMapper<JsonbException> {
        @Override
        public Response toResponse(JsonbException e) {
            return Problem.response(Response.Status.BAD_REQUEST, "the body is not valid JSON for this request: " + rootMessage(e));
        }
    }

    @Provider
    public static class BadBody implements ExceptionMapper<ProcessingException> {
        @Override
        public Response toResponse(ProcessingException e) {
            InvalidInputException invalid = invalidInputIn(e);
            if (invalid != null) {
                return new InvalidInput().toResponse(invalid);
            }
            return Problem.response(Response.Status.BAD_REQUEST, "the body could not be read: " + rootMessage(e));
        }
    }

    @Provider
    public static class Http implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException e) {
            Response r = e.getResponse();
            InvalidInputException invalid = invalidInputIn(e);
            if (invalid != null) {
                return new InvalidInput().toResponse(invalid);
            }
            if (r.getStatus() == 400 && e.getCause() != null) {
                return Problem.response(Response.Status.BAD_REQUEST, "the request could not be read: " + rootMessage(e));
            }
            Response.StatusType status = r.getStatusInfo();
            Response problem = Problem.response(status.getStatusCode(), status.getReasonPhrase(),
                    e.getMessage() == null ? status.getReasonPhrase() : e.getMessage(), List.of());
            Response.ResponseBuilder b = Response.fromResponse(problem);
            r.getHeaders().forEach((k, v) -> {
                if (!k.equalsIgnoreCase("Content-Type")) {
                    v.forEach(value -> b.header(k, value));
                }
            });
            return b.build();
        }
    }

    @Provider
    public static class Ejb implements ExceptionMapper<EJBException> {
        @Override
        public Response toResponse(EJBException e) {
            Throwable cause = e;
            for (int i = 0; i < 10 && cause != null; i++) {
                if (cause instanceof PermissionDeniedException denied) {
                    // Names the missing permission: the role_permissions row an administrator would look at.
                    return Problem.response(Response.Status.FORBIDDEN, denied.getMessage());
                }
                if (cause instanceof EJBAccessException) {
                    return Problem.response(Response.Status.FORBIDDEN, "your role does not allow this");
                }
                if (cause instanceof ConstraintViolationException cve) {
                    return new Validation().toResponse(cve);
                }
                cause = cause.getCause();
            }
            return unexpected(e);
        }
    }

    @Provider
    public static class Anything implements ExceptionMapper<RuntimeException> {
        @Override
        public Response toResponse(RuntimeException e) {
            return unexpected(e);
        }
    }

    static Response unexpected(Throwable e) {
        String id = UUID.randomUUID().toString();
        LOG.log(Level.SEVERE, "Unexpected API failure " + id, e);
        return Problem.response(Response.Status.INTERNAL_SERVER_ERROR,
                "unexpected failure; the server log has the details under id " + id);
    }

    /** The input error a body check raised while JAX-RS read the body (it may wrap it). */
    static InvalidInputException invalidInputIn(Throwable e) {
        Throwable cause = e;
        for (int i = 0; i < 10 && cause != null; i++) {
            if (cause instanceof InvalidInputException invalid) {
                return invalid;
            }
            cause = cause.getCause();
        }
        return null;
    }

    /** A Java type name ("class ge.wardops.inventory.DeviceDraft", "java.lang.Boolean"): never shown to a client. */
    private static final java.util.regex.Pattern JAVA_TYPE = java.util.regex.Pattern.compile(
            "(?:class |interface |record )?\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][\\w$]*(?:<[^>]*>)?");

    private static final java.util.regex.Pattern NO_ENUM = java.util.regex.Pattern.compile("No enum constant ([\\w.$]+)\\.([^.]*)$");

    static String rootMessage(Throwable e) {
        String m = ge.wardops.shared.Failures.rootMessage(e);
        java.util.regex.Matcher noEnum = NO_ENUM.matcher(String.valueOf(m));
        if (noEnum.find()) {
            // Say which values are allowed instead of naming a Java class.
            try {
                Object[] values = Class.forName(noEnum.group(1), false, ProblemMappers.class.getClassLoader()).getEnumConstants();
                String kind = noEnum.group(1).substring(noEnum.group(1).lastIndexOf('.') + 1);
                return "'" + noEnum.group(2) + "' is not a " + kind + "; one of " + java.util.Arrays.toString(values);
            } catch (ClassNotFoundException | RuntimeException unknown) {
                return "'" + noEnum.group(2) + "' is not an allowed value";
            }
        }
        m = JAVA_TYPE.matcher(String.valueOf(m)).replaceAll("this request's body");
        return m.length() > 300 ? m.substring(0, 300) : m;
    }
}
