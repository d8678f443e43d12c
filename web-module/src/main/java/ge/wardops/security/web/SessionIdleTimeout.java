package ge.wardops.security.web;

import jakarta.inject.Inject;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The console session's idle timeout from {@code wardops.session.idle-minutes}, when set; else the
 * {@code <session-timeout>} of web.xml (30 minutes) applies. A setting, so a bank can shorten it
 * without rebuilding the EAR.
 */
@WebListener
public class SessionIdleTimeout implements ServletContextListener {

    @Inject
    @ConfigProperty(name = "wardops.session.idle-minutes")
    Optional<Integer> idleMinutes;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        idleMinutes.filter(m -> m > 0).ifPresent(m -> event.getServletContext().setSessionTimeout(m));
    }
}
