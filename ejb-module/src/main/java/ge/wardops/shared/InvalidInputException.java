package ge.wardops.shared;

import jakarta.ejb.ApplicationException;

import java.util.List;

/** Input that breaks a rule Bean Validation cannot express (an unknown branch, a bad address). */
@ApplicationException(rollback = true)
public class InvalidInputException extends RuntimeException {

    /** One broken rule: which field, and what is wrong with it, in words an operator understands. */
    public record FieldError(String field, String message) {
    }

    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(errors.isEmpty() ? "invalid input" : String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()));
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
