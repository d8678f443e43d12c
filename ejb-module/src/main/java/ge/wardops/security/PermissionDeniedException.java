package ge.wardops.security;

import jakarta.ejb.ApplicationException;
import jakarta.ejb.EJBAccessException;

/**
 * A caller without the permission an action needs. An EJBAccessException, so the API answers 403
 * and the console says "your role does not allow this" exactly as for a container role check;
 * an application exception, so the container passes it on as it is instead of logging a failure.
 */
@ApplicationException(rollback = true)
public class PermissionDeniedException extends EJBAccessException {

    public PermissionDeniedException(String message) {
        super(message);
    }
}
