package ge.wardops.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * The one home of the security settings: sign-in and lockout ({@code wardops.login.*}), the first
 * administrator, passwords, API tokens, permissions, the secrets key, LDAP, and the web module's
 * guards (rate limits, session idle time, live-feed origins, request body size). Each default's
 * reason is in docs/configuration.md.
 */
@ApplicationScoped
public class SecuritySettings {

    @Inject
    @ConfigProperty(name = "wardops.login.max-failures", defaultValue = "5")
    int loginMaxFailures;

    @Inject
    @ConfigProperty(name = "wardops.login.lockout-minutes", defaultValue = "15")
    int loginLockoutMinutes;

    @Inject
    @ConfigProperty(name = "wardops.admin.initial-password-file")
    Optional<String> initialPasswordFile;

    /** Set only by tests and the demo: a known first password instead of a generated one. */
    @Inject
    @ConfigProperty(name = "wardops.admin.initial-password")
    Optional<String> initialPassword;

    @Inject
    @ConfigProperty(name = "wardops.password.min-length", defaultValue = "12")
    int passwordMinLength;

    @Inject
    @ConfigProperty(name = "wardops.tokens.default-days", defaultValue = "90")
    int tokenDefaultDays;

    @Inject
    @ConfigProperty(name = "wardops.permissions.cache-seconds", defaultValue = "60")
    int permissionsCacheSeconds;

    @Inject
    @ConfigProperty(name = "wardops.secrets.key")
    Optional<String> secretsKey;

    @Inject
    @ConfigProperty(name = "wardops.secrets.key-file")
    Optional<String> secretsKeyFile;

    @Inject
    @ConfigProperty(name = "wardops.ldap.url")
    Optional<String> ldapUrl;

    @Inject
    @ConfigProperty(name = "wardops.ldap.user-dn-pattern", defaultValue = "uid={0},ou=people,dc=example,dc=com")
    String ldapUserDnPattern;

    @Inject
    @ConfigProperty(name = "wardops.ldap.group-base", defaultValue = "ou=groups,dc=example,dc=com")
    String ldapGroupBase;

    @Inject
    @ConfigProperty(name = "wardops.ldap.group-filter", defaultValue = "(member={0})")
    String ldapGroupFilter;

    @Inject
    @ConfigProperty(name = "wardops.ldap.group-roles")
    Optional<String> ldapGroupRoles;

    @Inject
    @ConfigProperty(name = "wardops.ldap.group-regions")
    Optional<String> ldapGroupRegions;

    @Inject
    @ConfigProperty(name = "wardops.ldap.timeout-ms", defaultValue = "3000")
    int ldapTimeoutMillis;

    @Inject
    @ConfigProperty(name = "wardops.ratelimit.login.per-address-per-minute", defaultValue = "30")
    long loginPerAddressPerMinute;

    @Inject
    @ConfigProperty(name = "wardops.ratelimit.login.per-user-per-minute", defaultValue = "10")
    long loginPerUserPerMinute;

    @Inject
    @ConfigProperty(name = "wardops.ratelimit.login.address-overrides")
    Optional<String> loginAddressOverrides;

    @Inject
    @ConfigProperty(name = "wardops.ratelimit.api.per-address-per-minute", defaultValue = "6000")
    long apiPerAddressPerMinute;

    @Inject
    @ConfigProperty(name = "wardops.ratelimit.api.per-user-per-minute", defaultValue = "3000")
    long apiPerUserPerMinute;

    @Inject
    @ConfigProperty(name = "wardops.ratelimit.api.address-overrides")
    Optional<String> apiAddressOverrides;

    @Inject
    @ConfigProperty(name = "wardops.session.idle-minutes")
    Optional<Integer> sessionIdleMinutes;

    @Inject
    @ConfigProperty(name = "wardops.feed.allowed-origins")
    Optional<String> feedAllowedOrigins;

    @Inject
    @ConfigProperty(name = "wardops.api.max-body-bytes", defaultValue = "1048576")
    long apiMaxBodyBytes;

    public int loginMaxFailures() {
        return loginMaxFailures;
    }

    public int loginLockoutMinutes() {
        return loginLockoutMinutes;
    }

    public Optional<String> initialPasswordFile() {
        return initialPasswordFile;
    }

    public Optional<String> initialPassword() {
        return initialPassword;
    }

    public int passwordMinLength() {
        return passwordMinLength;
    }

    public int tokenDefaultDays() {
        return tokenDefaultDays;
    }

    public int permissionsCacheSeconds() {
        return permissionsCacheSeconds;
    }

    public Optional<String> secretsKey() {
        return secretsKey;
    }

    public Optional<String> secretsKeyFile() {
        return secretsKeyFile;
    }

    public Optional<String> ldapUrl() {
        return ldapUrl;
    }

    public String ldapUserDnPattern() {
        return ldapUserDnPattern;
    }

    public String ldapGroupBase() {
        return ldapGroupBase;
    }

    public String ldapGroupFilter() {
        return ldapGroupFilter;
    }

    public Optional<String> ldapGroupRoles() {
        return ldapGroupRoles;
    }

    public Optional<String> ldapGroupRegions() {
        return ldapGroupRegions;
    }

    public int ldapTimeoutMillis() {
        return ldapTimeoutMillis;
    }

    public long loginPerAddressPerMinute() {
        return loginPerAddressPerMinute;
    }

    public long loginPerUserPerMinute() {
        return loginPerUserPerMinute;
    }

    public Optional<String> loginAddressOverrides() {
        return loginAddressOverrides;
    }

    public long apiPerAddressPerMinute() {
        return apiPerAddressPerMinute;
    }

    public long apiPerUserPerMinute() {
        return apiPerUserPerMinute;
    }

    public Optional<String> apiAddressOverrides() {
        return apiAddressOverrides;
    }

    public Optional<Integer> sessionIdleMinutes() {
        return sessionIdleMinutes;
    }

    public Optional<String> feedAllowedOrigins() {
        return feedAllowedOrigins;
    }

    public long apiMaxBodyBytes() {
        return apiMaxBodyBytes;
    }
}
