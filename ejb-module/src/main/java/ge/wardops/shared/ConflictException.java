package ge.wardops.shared;

import jakarta.ejb.ApplicationException;

/** The request is well formed but clashes with what is stored (a duplicate, a stale version, a dependant). */
@ApplicationException(rollback = true)
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input field the clash is about, or null when it is about the whole request. */
    public String field() {
        return field;
    }
}
