package ge.wardops.security.web;

import ge.wardops.security.RateLimiter;
import ge.wardops.security.SecuritySettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.Map;

/**
 * The limits on how fast one user or one client address may try to log in and call the API
 * (token buckets in memory, per node; see docs/configuration.md). Login attempts count when they
 * fail, so a client that knows its password is never slowed by them; API calls count each request. An address can get its own limit (an integration host that
 * needs more, a test that needs less) through the {@code ...address-overrides} settings,
 * {@code address=perMinute} pairs separated by commas.
 */
@ApplicationScoped
public class RateLimits {

    private static final int MAX_KEYS = 100_000;

    @Inject
    SecuritySettings settings;

    private RateLimiter loginAddresses;
    private RateLimiter loginUsers;
    private RateLimiter apiAddresses;
    private RateLimiter apiUsers;

    @PostConstruct
    void create() {
        Map<String, Long> loginOverride = overrides(settings.loginAddressOverrides().orElse(""));
        Map<String, Long> apiOverride = overrides(settings.apiAddressOverrides().orElse(""));
        loginAddresses = new RateLimiter(a -> loginOverride.getOrDefault(a, settings.loginPerAddressPerMinute()), MAX_KEYS, System::nanoTime);
        loginUsers = new RateLimiter(u -> settings.loginPerUserPerMinute(), MAX_KEYS, System::nanoTime);
        apiAddresses = new RateLimiter(a -> apiOverride.getOrDefault(a, settings.apiPerAddressPerMinute()), MAX_KEYS, System::nanoTime);
        apiUsers = new RateLimiter(u -> settings.apiPerUserPerMinute(), MAX_KEYS, System::nanoTime);
    }

    /** Seconds to wait before another login attempt from {@code address} as {@code user} (null: not known); 0 = go ahead. */
    public long loginWait(String address, String user) {
        long wait = loginAddresses.secondsUntilPermit(String.valueOf(address));
        if (user != null && !user.isBlank()) {
            wait = Math.max(wait, loginUsers.secondsUntilPermit(user.strip().toLowerCase()));
        }
        return wait;
    }

    /** Counts one failed login attempt. */
    public void loginAttempt(String address, String user) {
        loginAddresses.tryTake(String.valueOf(address));
        if (user != null && !user.isBlank()) {
            loginUsers.tryTake(user.strip().toLowerCase());
        }
    }

    /** Takes a permit for an API call; answers the seconds to wait when the address or the user has none left (0 = go ahead). */
    public long apiCall(String address, String user) {
        if (!apiAddresses.tryTake(String.valueOf(address))) {
            return apiAddresses.secondsUntilPermit(String.valueOf(address));
        }
        if (user != null && !apiUsers.tryTake(user.toLowerCase())) {
            return apiUsers.secondsUntilPermit(user.toLowerCase());
        }
        return 0;
    }

    static Map<String, Long> overrides(String spec) {
        Map<String, Long> out = new HashMap<>();
        for (String pair : spec.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    out.put(pair.substring(0, eq).strip(), Long.parseLong(pair.substring(eq + 1).strip()));
                } catch (NumberFormatException e) {
                    throw new IllegalStateException("a rate limit override is address=perMinute, not '" + pair + "'");
                }
            }
        }
        return Map.copyOf(out);
    }
}
