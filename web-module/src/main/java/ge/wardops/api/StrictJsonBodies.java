package ge.wardops.api;

import ge.wardops.shared.InvalidInputException;
import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a JSON body once before JSON-B binds it, and refuses (400 naming the field) what JSON-B
 * would take leniently or fail on deep inside: a key that appears twice in one object (which one
 * counts is up to the parser), a text holding a NUL character (PostgreSQL refuses those), and for
 * the fields of the body's record a text or number where a boolean belongs ({@code "maybe"} would
 * become false) or a text where a number belongs. Not JSON at all is left to JSON-B's own error.
 * The body is already bounded by {@code wardops.api.max-body-bytes}.
 */
@Provider
public class StrictJsonBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !(type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"))) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        List<InvalidInputException.FieldError> errors = check(body, context.getType());
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** One open object or array: the keys seen so far, or the next index. */
    private static final class Level {
        final String path;
        final boolean object;
        final Set<String> keys = new HashSet<>();
        String key;
        int index;

        Level(String path, boolean object) {
            this.path = path;
            this.object = object;
        }

        String child() {
            String name = object ? key : "[" + index + "]";
            return path.isEmpty() || !object ? path + name : path + "." + name;
        }
    }

    static List<InvalidInputException.FieldError> check(byte[] body, Class<?> target) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        if (body.length == 0) {
            return errors;
        }
        Map<String, Class<?>> fields = fieldsOf(target);
        Deque<Level> open = new ArrayDeque<>();
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(body))) {
            while (parser.hasNext() && errors.size() < 20) {
                JsonParser.Event event = parser.next();
                Level in = open.peek();
                switch (event) {
                    case KEY_NAME -> {
                        in.key = parser.getString();
                        if (!in.keys.add(in.key)) {
                            errors.add(new InvalidInputException.FieldError(in.child(), "appears more than once"));
                        }
                        if (in.key.indexOf('\0') >= 0) {
                            errors.add(new InvalidInputException.FieldError(in.child().replace('\0', '?'), "the name contains a NUL character"));
                        }
                        continue;
                    }
                    case START_OBJECT, START_ARRAY -> {
                        String path = in == null ? "" : in.child();
                        checkKind(in, open.size(), fields, event, errors);
                        open.push(new Level(path, event == JsonParser.Event.START_OBJECT));
                        continue;
                    }
                    case END_OBJECT, END_ARRAY -> {
                        open.pop();
                        Level parent = open.peek();
                        if (parent != null && !parent.object) {
                            parent.index++;
                        }
                        continue;
                    }
                    case VALUE_STRING -> {
                        if (in != null && parser.getString().indexOf('\0') >= 0) {
                            errors.add(new InvalidInputException.FieldError(in.child(), "contains a NUL character"));
                        }
                        checkKind(in, open.size(), fields, event, errors);
                    }
                    default -> checkKind(in, open.size(), fields, event, errors);
                }
                if (in != null && !in.object) {
                    in.index++;
                }
            }
        } catch (JsonParsingException | java.util.NoSuchElementException | IllegalStateException notJson) {
            // Not JSON: JSON-B says so in its own words.
        }
        return errors;
    }

    /** A value's kind against the declared type of a top-level field of the body's record. */
    private static void checkKind(Level in, int depth, Map<String, Class<?>> fields, JsonParser.Event event,
                                  List<InvalidInputException.FieldError> errors) {
        if (in == null || depth != 1 || !in.object || event == JsonParser.Event.VALUE_NULL) {
            return;
        }
        Class<?> declared = fields.get(in.key);
        if (declared == null) {
            return;
        }
        boolean isBoolean = event == JsonParser.Event.VALUE_TRUE || event == JsonParser.Event.VALUE_FALSE;
        if ((declared == boolean.class || declared == Boolean.class) && !isBoolean) {
            errors.add(new InvalidInputException.FieldError(in.key, "must be true or false"));
        } else if (isNumber(declared) && event != JsonParser.Event.VALUE_NUMBER) {
            errors.add(new InvalidInputException.FieldError(in.key, "must be a number"));
        }
    }

    private static boolean isNumber(Class<?> c) {
        return c == int.class || c == Integer.class || c == long.class || c == Long.class || c == double.class || c == Double.class;
    }

    private static final Map<Class<?>, Map<String, Class<?>>> FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Map<String, Class<?>> fieldsOf(Class<?> type) {
        if (type == null || !type.isRecord()) {
            return Map.of();
        }
        return FIELDS.computeIfAbsent(type, t -> {
            Map<String, Class<?>> out = new HashMap<>();
            for (RecordComponent c : t.getRecordComponents()) {
                out.put(c.getName(), c.getType());
            }
            return out;
        });
    }
}
