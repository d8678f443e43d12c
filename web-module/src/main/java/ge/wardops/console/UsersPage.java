package ge.wardops.console;

import ge.wardops.security.Roles;
import ge.wardops.security.UserChange;
import ge.wardops.security.UserAdministration;
import ge.wardops.security.UserDraft;
import ge.wardops.security.web.SessionTermination;
import jakarta.ejb.EJB;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The administrators' users page: list, create, change roles and regions, enable or disable,
 * unlock, reset a password (the user must change it), log a user out everywhere. Every action
 * goes through the UserAdministration, which checks users.manage and audits it; the REST API
 * (/api/v1/users) calls the same methods.
 */
@Named
@ViewScoped
public class UsersPage implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> CREATE_INPUTS = Map.of("username", "create:username", "password", "create:password",
            "roles", "create:roles", "regionIds", "create:regions", "displayName", "create:displayName");
    private static final Map<String, String> EDIT_INPUTS = Map.of("roles", "edit:roles", "regionIds", "edit:regions",
            "enabled", "edit:enabled", "password", "edit:newPassword", "displayName", "edit:displayName");

    @EJB
    UserAdministration users;

    @Inject
    SessionTermination sessions;

    @Inject
    ServiceErrors errors;

    private transient List<UserAdministration.UserSummary> list;

    // The create form.
    private String username;
    private String displayName;
    private transient String password;
    private List<String> roles = new ArrayList<>();
    private List<Long> regionIds = new ArrayList<>();
    private boolean mustChangePassword = true;

    // The user being edited (view parameter "user").
    private String selected;
    private String editDisplayName;
    private List<String> editRoles = new ArrayList<>();
    private List<Long> editRegionIds = new ArrayList<>();
    private boolean editEnabled = true;
    /** The version of the user as the form was filled: a save is refused if someone changed the user since. */
    private Long editVersion;
    private transient String newPassword;

    public List<UserAdministration.UserSummary> getUsers() {
        if (list == null) {
            list = users.list();
        }
        return list;
    }

    public List<String> getAllRoles() {
        return Roles.ALL;
    }

    /** Fills the edit form for the user named in the address (?user=...). */
    public void load() {
        if (selected == null || selected.isBlank()) {
            selected = null;
            return;
        }
        UserAdministration.UserSummary u = errors.read(Map.of(), () -> users.get(selected), null);
        if (u == null) {
            selected = null;
            return;
        }
        selected = u.username();
        editDisplayName = u.displayName();
        editRoles = new ArrayList<>(u.roles());
        editRegionIds = new ArrayList<>(u.regionIds());
        editEnabled = u.enabled();
        editVersion = u.version();
    }

    public UserAdministration.UserSummary getSelectedUser() {
        return selected == null ? null : getUsers().stream().filter(u -> u.username().equals(selected)).findFirst().orElse(null);
    }

    public void create() {
        errors.attempt(CREATE_INPUTS, () -> {
            UserAdministration.UserSummary u = users.create(new UserDraft(username, password, displayName, List.copyOf(roles),
                    List.copyOf(regionIds), mustChangePassword));
            username = null;
            displayName = null;
            roles = new ArrayList<>();
            regionIds = new ArrayList<>();
            mustChangePassword = true;
            list = null;
            return "User " + u.username() + " created" + (u.mustChangePassword() ? "; they choose their own password at the first login." : ".");
        });
        password = null;
    }

    public void save() {
        errors.attempt(EDIT_INPUTS, () -> {
            UserAdministration.UserSummary u = users.update(selected, new UserChange(editDisplayName, List.copyOf(editRoles),
                    List.copyOf(editRegionIds), editEnabled, editVersion));
            editVersion = u.version();
            if (!u.enabled()) {
                sessions.forgetLoginsOf(u.username());
            }
            list = null;
            return "User " + u.username() + " saved.";
        });
    }

    public void unlock() {
        errors.attempt(EDIT_INPUTS, () -> {
            editVersion = users.unlock(selected).version();
            list = null;
            return "User " + selected + " unlocked.";
        });
    }

    public void resetPassword() {
        errors.attempt(EDIT_INPUTS, () -> {
            UserAdministration.UserSummary u = users.resetPassword(selected, newPassword == null ? null : newPassword.toCharArray());
            editVersion = u.version();
            sessions.forgetLoginsOf(u.username());
            list = null;
            return "Password of " + u.username() + " reset; they must change it at the next login.";
        });
        newPassword = null;
    }

    public void logoutEverywhere() {
        errors.attempt(EDIT_INPUTS, () -> {
            SessionTermination.Ended ended = sessions.logoutEverywhere(selected, false);
            return ended.username() + ": " + ended.sessions() + " console session(s) and " + ended.feeds() + " live feed(s) ended.";
        });
    }

    public String getUsername() { return username; }
    public void setUsername(String v) { this.username = v; }
    public String getDisplayName() { return displayName; }
    public void setDisplayName(String v) { this.displayName = v; }
    public String getPassword() { return password; }
    public void setPassword(String v) { this.password = v; }
    public List<String> getRoles() { return roles; }
    public void setRoles(List<String> v) { this.roles = v; }
    public List<Long> getRegionIds() { return regionIds; }
    public void setRegionIds(List<Long> v) { this.regionIds = v; }
    public boolean isMustChangePassword() { return mustChangePassword; }
    public void setMustChangePassword(boolean v) { this.mustChangePassword = v; }
    public String getSelected() { return selected; }
    public void setSelected(String v) { this.selected = v; }
    public String getEditDisplayName() { return editDisplayName; }
    public void setEditDisplayName(String v) { this.editDisplayName = v; }
    public List<String> getEditRoles() { return editRoles; }
    public void setEditRoles(List<String> v) { this.editRoles = v; }
    public List<Long> getEditRegionIds() { return editRegionIds; }
    public void setEditRegionIds(List<Long> v) { this.editRegionIds = v; }
    public boolean isEditEnabled() { return editEnabled; }
    public void setEditEnabled(boolean v) { this.editEnabled = v; }
    public String getNewPassword() { return newPassword; }
    public void setNewPassword(String v) { this.newPassword = v; }
}
