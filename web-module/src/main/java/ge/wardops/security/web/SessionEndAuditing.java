package ge.wardops.security.web;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditLog;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Audits the end of a console login that nobody ended by pressing "Log out": the session timed
 * out or the server let it go. A real logout removes the login from the session first (see
 * {@link ConsoleAndApiAuthentication#cleanSubject}) and is audited as LOGOUT by the console, so
 * it is never recorded twice.
 */
@WebListener
public class SessionEndAuditing implements HttpSessionListener {

    private static final Logger LOG = Logger.getLogger(SessionEndAuditing.class.getName());

    @EJB
    AuditLog audit;

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        Object caller;
        try {
            caller = event.getSession().getAttribute(ConsoleAndApiAuthentication.SESSION_CALLER);
        } catch (IllegalStateException alreadyInvalid) {
            return;
        }
        if (caller instanceof ConsoleAndApiAuthentication.SessionCaller c) {
            try {
                audit.recordApart(c.name(), null, AuditAction.SESSION_ENDED, "user", c.name(),
                        "console session ended without logout (idle timeout or server stop)");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "The end of " + c.name() + "'s console session could not be audited", e);
            }
        }
    }
}
