package ge.wardops.shared;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Checks a draft's Bean Validation constraints and reports every broken one by field, so that
 * the API, the console and the CSV import show the same messages.
 */
@ApplicationScoped
public class DraftValidation {

    @Inject
    Validator validator;

    public void check(Object draft) {
        if (draft == null) {
            throw new InvalidInputException("body", "a request body is required");
        }
        List<InvalidInputException.FieldError> errors = errorsOf(draft);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    public List<InvalidInputException.FieldError> errorsOf(Object draft) {
        Set<ConstraintViolation<Object>> violations = validator.validate(draft);
        return violations.stream()
                .map(v -> new InvalidInputException.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(InvalidInputException.FieldError::field))
                .toList();
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // Container elements come out as "tags[2].<list element>"; keep "tags[2]".
        int marker = path.indexOf(".<");
        return marker > 0 ? path.substring(0, marker) : path;
    }
}
