package ge.wardops.security;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import ge.wardops.shared.TrackedEntity;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** A person who logs in to the console or calls the API. */
@Entity
@Table(name = "users")
public class UserAccount extends TrackedEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 100)
    private String username;

    @Column(name = "password_hash", nullable = false, length = 400)
    private String passwordHash;

    @Column(name = "display_name")
    private String displayName;

    private String email;

    @Column(nullable = false)
    private boolean enabled = true;

    @Column(name = "must_change_password", nullable = false)
    private boolean mustChangePassword;

    @Column(name = "failed_logins", nullable = false)
    private int failedLogins;

    @Column(name = "locked_until")
    private Instant lockedUntil;

    @Column(name = "last_login_at")
    private Instant lastLoginAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "user_roles", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "role_name")
    private Set<String> roles = new HashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "user_regions", joinColumns = @JoinColumn(name = "user_id"))
    @Column(name = "region_id")
    private Set<Long> regionIds = new HashSet<>();

    protected UserAccount() {
    }

    UserAccount(String username, String passwordHash, String displayName, Set<String> roles, Set<Long> regionIds) {
        this.username = username;
        this.passwordHash = passwordHash;
        this.displayName = displayName;
        this.roles = new HashSet<>(roles);
        this.regionIds = new HashSet<>(regionIds);
    }

    void lockUntil(Instant until) {
        this.lockedUntil = until;
        this.failedLogins = 0;
    }

    void mustChangePassword(boolean value) {
        this.mustChangePassword = value;
        touch();
    }

    void password(String hash) {
        this.passwordHash = hash;
        touch();
    }

    void change(String displayName, Set<String> roles, Set<Long> regionIds, boolean enabled) {
        this.displayName = displayName;
        this.roles = new HashSet<>(roles);
        this.regionIds = new HashSet<>(regionIds);
        this.enabled = enabled;
        touch();
    }

    public Long getId() { return id; }
    public String getUsername() { return username; }
    public String getPasswordHash() { return passwordHash; }
    public String getDisplayName() { return displayName; }
    public String getEmail() { return email; }
    public boolean isEnabled() { return enabled; }
    public boolean isMustChangePassword() { return mustChangePassword; }
    public int getFailedLogins() { return failedLogins; }
    public Instant getLockedUntil() { return lockedUntil; }
    public Instant getLastLoginAt() { return lastLoginAt; }
    public Set<String> getRoles() { return Set.copyOf(roles); }
    public Set<Long> getRegionIds() { return Set.copyOf(regionIds); }
}
