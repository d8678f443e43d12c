package ge.wardops.shared;

import jakarta.ejb.ApplicationException;

/** The caller named a thing that does not exist, or that its scope does not let it see. */
@ApplicationException(rollback = true)
public class UnknownEntityException extends RuntimeException {

    public UnknownEntityException(String kind, Object id) {
        super(kind + " " + id + " does not exist");
    }
}
