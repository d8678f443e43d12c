package ge.wardops.api;

import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One rule for every query and path parameter, checked before the resource method runs, so that a
 * wrong one is a 400 naming it rather than JAX-RS's bare "404 Not Found" or a 500 further in:
 * no value may hold a NUL character; a number must be a whole number of the declared type
 * ({@code int} or {@code long}) and within the parameter's {@link ParameterRange}; a boolean must
 * be {@code true} or {@code false}. Runs after authentication and the role checks (priority USER).
 */
@Provider
@Priority(Priorities.USER)
public class StrictParameters implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        MultivaluedMap<String, String> path = request.getUriInfo().getPathParameters();
        noNul(query, errors);
        noNul(path, errors);
        Method method = resource == null ? null : resource.getResourceMethod();
        if (method != null && errors.isEmpty()) {
            for (Parameter p : method.getParameters()) {
                String name = null;
                List<String> values = null;
                if (p.getAnnotation(jakarta.ws.rs.QueryParam.class) != null) {
                    name = p.getAnnotation(jakarta.ws.rs.QueryParam.class).value();
                    values = query.get(name);
                } else if (p.getAnnotation(jakarta.ws.rs.PathParam.class) != null) {
                    name = p.getAnnotation(jakarta.ws.rs.PathParam.class).value();
                    values = path.get(name);
                }
                if (values == null) {
                    continue;
                }
                for (String value : values) {
                    String problem = check(p, value);
                    if (problem != null) {
                        errors.add(new InvalidInputException.FieldError(name, problem));
                        break;
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            request.abortWith(new ProblemMappers.InvalidInput().toResponse(new InvalidInputException(errors)));
        }
    }

    private static void noNul(MultivaluedMap<String, String> params, List<InvalidInputException.FieldError> errors) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getKey().indexOf('\0') >= 0 || e.getValue().stream().anyMatch(v -> v.indexOf('\0') >= 0)) {
                errors.add(new InvalidInputException.FieldError(e.getKey().replace('\0', '?'), "contains a NUL character"));
            }
        }
    }

    /** What is wrong with {@code value} for parameter {@code p}, or null when it is right. */
    static String check(Parameter p, String value) {
        Class<?> type = p.getType();
        if (type == boolean.class || type == Boolean.class) {
            return value.equals("true") || value.equals("false") ? null : "must be true or false";
        }
        boolean isInt = type == int.class || type == Integer.class;
        boolean isLong = type == long.class || type == Long.class;
        if (!isInt && !isLong) {
            return null;
        }
        if (!value.matches("-?[0-9]{1,30}")) {
            return "must be a whole number, was '" + clip(value) + "'";
        }
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return "is out of range: '" + clip(value) + "'";
        }
        long min = isInt ? Integer.MIN_VALUE : Long.MIN_VALUE;
        long max = isInt ? Integer.MAX_VALUE : Long.MAX_VALUE;
        boolean declared = false;
        for (Annotation a : p.getAnnotations()) {
            if (a instanceof ParameterRange range) {
                min = Math.max(min, range.min());
                max = Math.min(max, range.max());
                declared = true;
            }
        }
        if (number < min || number > max) {
            return declared ? "must be between " + min + " and " + max + ", was " + number : "is out of range: " + number;
        }
        return null;
    }

    private static String clip(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
