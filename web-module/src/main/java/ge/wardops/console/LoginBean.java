package ge.wardops.console;

import ge.wardops.security.SignIn;
import ge.wardops.security.web.ConsoleAndApiAuthentication;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** The login form: hands the credentials to the container's authentication mechanism. */
@Named
@RequestScoped
public class LoginBean {

    @Inject
    SecurityContext security;

    @Inject
    FacesContext faces;

    @EJB
    SignIn users;

    private String username;
    private String password;
    private String next;

    public void login() throws IOException {
        ExternalContext ext = faces.getExternalContext();
        AuthenticationStatus status = security.authenticate(
                (HttpServletRequest) ext.getRequest(), (HttpServletResponse) ext.getResponse(),
                AuthenticationParameters.withParams().newAuthentication(true)
                        .credential(new UsernamePasswordCredential(username == null ? "" : username, password == null ? "" : password)));
        password = null;
        switch (status) {
            case SUCCESS -> {
                ext.redirect(ext.getRequestContextPath() + safeNext());
                faces.responseComplete();
            }
            case SEND_CONTINUE -> faces.responseComplete();
            default -> faces.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR,
                    ext.getRequestMap().get(ConsoleAndApiAuthentication.LOGIN_THROTTLED) instanceof Long wait
                            ? "Too many login attempts. Try again in " + wait + " s."
                            : "Wrong user name or password, or the account is locked.", null));
        }
    }

    public void logout() throws IOException, jakarta.servlet.ServletException {
        ExternalContext ext = faces.getExternalContext();
        HttpServletRequest request = (HttpServletRequest) ext.getRequest();
        if (request.getUserPrincipal() != null) {
            users.loggedOut();
        }
        request.logout();
        ext.invalidateSession();
        ext.redirect(ext.getRequestContextPath() + "/login.xhtml");
    }

    /** Only a path inside this application: an open redirect to another site would help phishing. */
    private String safeNext() {
        if (next != null && next.startsWith("/") && !next.startsWith("//") && !next.contains("\\")
                && !next.startsWith("/login.xhtml")) {
            return next;
        }
        return "/console/";
    }

    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getNext() { return next; }
    public void setNext(String next) { this.next = next; }
}
