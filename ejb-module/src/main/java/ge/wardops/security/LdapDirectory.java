package ge.wardops.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.naming.Context;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;
import javax.naming.directory.SearchControls;
import javax.naming.directory.SearchResult;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The optional LDAP / Active Directory user store (off unless {@code wardops.ldap.url} is set):
 * a login binds to the directory as the user ({@code wardops.ldap.user-dn-pattern}, {0} = the
 * escaped user name; for AD e.g. {@code {0}@bank.ge}), then reads the groups whose
 * {@code wardops.ldap.group-filter} matches the user's DN under {@code wardops.ldap.group-base},
 * and maps their names ({@code cn}) to roles with {@code wardops.ldap.group-roles}
 * ({@code group=role,...}); {@code wardops.ldap.group-regions} ({@code group=REGIONCODE,...})
 * gives the user's groups' regions, which scope a directory {@code regional_manager} like a local
 * one's regions. A user in no mapped group gets no access. The directory keeps the
 * password and its lockout; WARD OPS keeps none of it. Users of the users table win over
 * directory users of the same name.
 */
@ApplicationScoped
public class LdapDirectory {

    private static final Logger LOG = Logger.getLogger(LdapDirectory.class.getName());

    /** The answer of a directory login. */
    public sealed interface Outcome permits Valid, Invalid, Unavailable {
    }

    /** A good login: the roles and the region codes the user's groups map to. */
    public record Valid(String username, Set<String> roles, Set<String> regionCodes) implements Outcome {
    }

    public record Invalid(String reason) implements Outcome {
    }

    public record Unavailable(String reason) implements Outcome {
    }

    @Inject
    SecuritySettings settings;

    private Map<String, String> roleOfGroup = Map.of();
    private Map<String, Set<String>> regionsOfGroup = Map.of();

    protected LdapDirectory() {
        // for CDI
    }

    @PostConstruct
    void parseGroupRoles() {
        Map<String, String> map = new HashMap<>();
        for (String pair : settings.ldapGroupRoles().orElse("").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                String role = pair.substring(eq + 1).strip();
                if (!Roles.ALL.contains(role)) {
                    throw new IllegalStateException("wardops.ldap.group-roles maps to '" + role + "', which is not one of " + Roles.ALL);
                }
                map.put(pair.substring(0, eq).strip().toLowerCase(Locale.ROOT), role);
            }
        }
        roleOfGroup = Map.copyOf(map);
        regionsOfGroup = regionMapping(settings.ldapGroupRegions().orElse(""));
    }

    /** {@code group=CODE,group=CODE2,...}: a group may name several regions, in several pairs. */
    static Map<String, Set<String>> regionMapping(String text) {
        Map<String, Set<String>> map = new HashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (pair.isBlank()) {
                continue;
            }
            String code = eq < 0 ? "" : pair.substring(eq + 1).strip();
            if (eq <= 0 || code.isEmpty() || code.length() > 20) {
                throw new IllegalStateException("wardops.ldap.group-regions: '" + pair.strip() + "' is not group=REGIONCODE");
            }
            map.computeIfAbsent(pair.substring(0, eq).strip().toLowerCase(Locale.ROOT), g -> new HashSet<>()).add(code);
        }
        map.replaceAll((group, codes) -> Set.copyOf(codes));
        return Map.copyOf(map);
    }

    public boolean enabled() {
        return settings.ldapUrl().filter(u -> !u.isBlank()).isPresent();
    }

    public Outcome authenticate(String username, char[] password) {
        if (!enabled()) {
            return new Unavailable("no directory configured");
        }
        if (username == null || username.isBlank() || password == null || password.length == 0) {
            // An empty password would be an anonymous ("unauthenticated") bind, which many servers accept.
            return new Invalid("empty user name or password");
        }
        String name = username.strip();
        String userDn = settings.ldapUserDnPattern().replace("{0}", escapeDn(name));
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, settings.ldapUrl().get().strip());
        env.put(Context.SECURITY_AUTHENTICATION, "simple");
        env.put(Context.SECURITY_PRINCIPAL, userDn);
        env.put(Context.SECURITY_CREDENTIALS, password.clone());
        env.put("com.sun.jndi.ldap.connect.timeout", String.valueOf(settings.ldapTimeoutMillis()));
        env.put("com.sun.jndi.ldap.read.timeout", String.valueOf(settings.ldapTimeoutMillis()));
        DirContext ctx;
        try {
            ctx = new InitialDirContext(env);
        } catch (javax.naming.AuthenticationException e) {
            return new Invalid("the directory refused the password");
        } catch (NamingException e) {
            LOG.log(Level.WARNING, "LDAP directory " + settings.ldapUrl().get() + " not reachable: " + e);
            return new Unavailable("directory not reachable: " + e.getMessage());
        }
        try {
            Set<String> roles = new HashSet<>();
            Set<String> regionCodes = new HashSet<>();
            SearchControls controls = new SearchControls();
            controls.setSearchScope(SearchControls.SUBTREE_SCOPE);
            controls.setReturningAttributes(new String[] {"cn"});
            controls.setTimeLimit(settings.ldapTimeoutMillis());
            // {0} as a filter argument: JNDI escapes it (RFC 4515), so a crafted DN cannot widen the search.
            NamingEnumeration<SearchResult> groups = ctx.search(settings.ldapGroupBase(), settings.ldapGroupFilter(), new Object[] {userDn}, controls);
            while (groups.hasMore()) {
                Attribute cn = groups.next().getAttributes().get("cn");
                if (cn != null) {
                    for (int i = 0; i < cn.size(); i++) {
                        String group = String.valueOf(cn.get(i)).toLowerCase(Locale.ROOT);
                        String role = roleOfGroup.get(group);
                        if (role != null) {
                            roles.add(role);
                        }
                        regionCodes.addAll(regionsOfGroup.getOrDefault(group, Set.of()));
                    }
                }
            }
            return roles.isEmpty() ? new Invalid("in no group mapped to a role (wardops.ldap.group-roles)") : new Valid(name, Set.copyOf(roles), Set.copyOf(regionCodes));
        } catch (NamingException e) {
            LOG.log(Level.WARNING, "LDAP group search failed for " + userDn + ": " + e);
            return new Unavailable("group search failed: " + e.getMessage());
        } finally {
            try {
                ctx.close();
            } catch (NamingException ignored) {
                // The connection is gone either way.
            }
        }
    }

    /** RFC 4514 escaping of a value inside a DN. */
    static String escapeDn(String value) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean edge = (i == 0 && (c == ' ' || c == '#')) || (i == value.length() - 1 && c == ' ');
            if (edge || ",+\"\\<>;=".indexOf(c) >= 0) {
                sb.append('\\');
            }
            if (c == 0) {
                sb.append("\\00");
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
