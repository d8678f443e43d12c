package ge.wardops.security.web;

import ge.wardops.security.SecuritySettings;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;


/**
 * The console session's idle timeout from {@code wardops.session.idle-minutes}, when set; else the
 * {@code <session-timeout>} of web.xml (30 minutes) applies. A setting, so a bank can shorten it
 * without rebuilding the EAR.
 */
@WebListener
public class SessionIdleTimeout implements ServletContextListener {

    @Inject
    SecuritySettings settings;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        settings.sessionIdleMinutes().filter(m -> m > 0).ifPresent(m -> event.getServletContext().setSessionTimeout(m));
    }
}
