package ge.wardops.security;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.shared.DraftValidation;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Revocable API tokens for integrations: {@code wo_} and 43 characters of base64url (32 random
 * bytes). The secret is shown once at creation; the database keeps its SHA-256 and the first
 * characters for display. A token acts with its owner's current roles and regions, and stops
 * working when revoked, expired, or its owner is disabled or locked. Creation and revocation are
 * audited.
 */
@Stateless
@DeclareRoles({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class ApiTokens {

    public static final String SECRET_PREFIX = "wo_";
    private static final int DISPLAY_PREFIX = 10;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A used token's last_used_at is written at most this often, so busy clients do not write on every call. */
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    /** A token as lists show it: never the secret or its hash. */
    public record TokenView(long id, String username, String name, String prefix, Instant createdAt, Instant expiresAt,
                            Instant lastUsedAt, Instant revokedAt) {
        static TokenView of(ApiToken t) {
            return new TokenView(t.getId(), t.getUser().getUsername(), t.getName(), t.getPrefix(), t.getCreatedAt(),
                    t.getExpiresAt(), t.getLastUsedAt(), t.getRevokedAt());
        }
    }

    /** A new token with its secret, which is never shown again. */
    public record IssuedToken(TokenView token, String secret) {
    }

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @EJB
    AuditLog audit;

    @Inject
    DraftValidation validation;

    @Inject
    Permissions permissions;

    @Resource
    SessionContext caller;

    @Inject
    SecuritySettings settings;

    /** A token for the caller. */
    public IssuedToken create(TokenDraft draft) {
        validation.check(draft);
        UserAccount owner = callerAccount();
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        int days = draft.expiresInDays() == null ? settings.tokenDefaultDays() : draft.expiresInDays();
        ApiToken token = new ApiToken(owner, draft.name().strip(), sha256(secret), secret.substring(0, DISPLAY_PREFIX),
                Instant.now().plus(Duration.ofDays(days)));
        em.persist(token);
        em.flush();
        TokenView view = TokenView.of(token);
        audit.record(AuditEntry.created("api_token", token.getId(), view));
        return new IssuedToken(view, secret);
    }

    /** The caller's tokens; with users.manage, everyone's. Newest first. */
    public List<TokenView> list() {
        boolean all = permissions.allows(Permissions.rolesOf(caller), Permissions.USERS_MANAGE);
        var query = all
                ? em.createQuery("select t from ApiToken t order by t.id desc", ApiToken.class)
                : em.createQuery("select t from ApiToken t where lower(t.user.username) = lower(:name) order by t.id desc", ApiToken.class)
                        .setParameter("name", callerName());
        return query.setMaxResults(1000).getResultList().stream().map(TokenView::of).toList();
    }

    /** Revokes one token: the caller's own, or anyone's with users.manage; another's token is "not found". */
    public TokenView revoke(long id) {
        ApiToken token = em.find(ApiToken.class, id);
        if (token == null || !(token.getUser().getUsername().equalsIgnoreCase(callerName())
                || permissions.allows(Permissions.rolesOf(caller), Permissions.USERS_MANAGE))) {
            throw new UnknownEntityException("token", id);
        }
        TokenView before = TokenView.of(token);
        token.revoke(Instant.now());
        audit.record(AuditEntry.of(AuditAction.REVOKE, "api_token", token.getId()).states(before, TokenView.of(token)));
        return TokenView.of(token);
    }

    /** The owner of a usable token; empty for an unknown, revoked or expired one, or an owner who may not log in. */
    @PermitAll
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<SignIn.Caller> authenticate(String secret) {
        if (secret == null || !secret.startsWith(SECRET_PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        List<ApiToken> found = em.createQuery("select t from ApiToken t where t.tokenHash = :h", ApiToken.class)
                .setParameter("h", sha256(secret)).getResultList();
        Instant now = Instant.now();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ApiToken token = found.get(0);
        UserAccount owner = token.getUser();
        boolean locked = owner.getLockedUntil() != null && owner.getLockedUntil().isAfter(now);
        if (!token.usableAt(now) || !owner.isEnabled() || locked) {
            audit.recordAs(owner.getUsername(), AuditEntry.of(AuditAction.LOGIN_REFUSED, "api_token", token.getId())
                    .withDetails(token.getRevokedAt() != null ? "revoked token" : !token.usableAt(now) ? "expired token" : "account disabled or locked"));
            return Optional.empty();
        }
        if (token.getLastUsedAt() == null || token.getLastUsedAt().plus(LAST_USED_GRANULARITY).isBefore(now)) {
            token.used(now);
        }
        return Optional.of(new SignIn.Caller(owner.getUsername(), owner.getRoles(), owner.isMustChangePassword()));
    }

    private UserAccount callerAccount() {
        String name = callerName();
        List<UserAccount> users = em.createQuery("select u from UserAccount u where lower(u.username) = lower(:n)", UserAccount.class)
                .setParameter("n", name == null ? "" : name).getResultList();
        if (users.isEmpty()) {
            throw new UnknownEntityException("user", name);
        }
        return users.get(0);
    }

    private String callerName() {
        Principal p = caller.getCallerPrincipal();
        return p == null ? null : p.getName();
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
