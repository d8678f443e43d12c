package ge.wardops.console;

import ge.wardops.security.OwnAccount;
import ge.wardops.security.web.SessionTermination;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.util.Map;

/**
 * The console's "change my password" page, where a user who must change the password is sent
 * before anything else. The typed passwords live only for this request.
 */
@Named
@RequestScoped
public class PasswordPage {

    private static final Map<String, String> INPUTS = Map.of("currentPassword", "password:current", "newPassword", "password:next");

    @EJB
    OwnAccount users;

    @Inject
    SessionTermination sessions;

    @Inject
    ServiceErrors errors;

    @Inject
    FacesContext faces;

    private String currentPassword;
    private String newPassword;
    private String confirmation;
    private Boolean required;
    private boolean changed;

    /** Whether the user is here because the password must be changed. */
    public boolean isRequired() {
        if (required == null) {
            required = !changed && users.me().mustChangePassword();
        }
        return required;
    }

    public void change() {
        errors.attempt(INPUTS, () -> {
            if (newPassword == null || !newPassword.equals(confirmation)) {
                faces.validationFailed();
                faces.addMessage("password:confirm", new FacesMessage(FacesMessage.SEVERITY_ERROR,
                        "The two new passwords are not the same.", null));
                return null;
            }
            users.changeOwnPassword(chars(currentPassword), chars(newPassword));
            sessions.credentialsChanged(faces.getExternalContext().getRemoteUser());
            changed = true;
            required = false;
            return "Your password has been changed.";
        });
        currentPassword = null;
        newPassword = null;
        confirmation = null;
    }

    public boolean isChanged() {
        return changed;
    }

    private static char[] chars(String s) {
        return s == null ? null : s.toCharArray();
    }

    public String getCurrentPassword() { return currentPassword; }
    public void setCurrentPassword(String v) { this.currentPassword = v; }
    public String getNewPassword() { return newPassword; }
    public void setNewPassword(String v) { this.newPassword = v; }
    public String getConfirmation() { return confirmation; }
    public void setConfirmation(String v) { this.confirmation = v; }
}
