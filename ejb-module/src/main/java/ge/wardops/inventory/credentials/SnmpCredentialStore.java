package ge.wardops.inventory.credentials;

import ge.wardops.audit.AuditedChanges;
import ge.wardops.security.Permissions;
import ge.wardops.security.Roles;
import ge.wardops.security.SecretBox;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.DraftValidation;
import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The SNMP credentials' use cases: list, read, create, change and delete them, for admins and
 * operators. Secrets are sealed before they reach the entity and are never part of a view or an
 * audit row; {@link #decrypted} is the one way back to clear text, for the SNMP collector.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class SnmpCredentialStore {

    private static final Logger LOG = Logger.getLogger(SnmpCredentialStore.class.getName());

    @Inject
    Permissions permissions;

    @Resource
    SessionContext session;

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    SecretBox secrets;

    @Inject
    DraftValidation validation;

    @Inject
    AuditedChanges changes;

    /** The view counts the live devices using the credential, so the kind is this bean's. */
    private final AuditedChanges.Kind<SnmpCredential, SnmpCredentialView> credentials = AuditedChanges.Kind
            .of(SnmpCredential.class, "SNMP credential", "snmp_credential", SnmpCredential::getId, this::view);

    public List<SnmpCredentialView> list() {
        permissions.require(session, Permissions.DEVICES_EDIT);
        Map<Long, Long> devices = new HashMap<>();
        for (Object[] row : em.createQuery("select d.snmpCredential.id, count(d) from Device d where d.deletedAt is null"
                + " and d.snmpCredential is not null group by d.snmpCredential.id", Object[].class).getResultList()) {
            devices.put((Long) row[0], (Long) row[1]);
        }
        return em.createQuery("select c from SnmpCredential c order by lower(c.name)", SnmpCredential.class)
                .getResultList().stream()
                .map(c -> SnmpCredentialView.of(c, devices.getOrDefault(c.getId(), 0L)))
                .toList();
    }

    public SnmpCredentialView get(long id) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        return view(changes.find(credentials, id));
    }

    public SnmpCredentialView create(SnmpCredentialDraft input) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        SnmpCredentialDraft draft = checked(input, null);
        requireUniqueName(draft.name(), null);
        SnmpCredential credential = new SnmpCredential(draft.name());
        apply(credential, draft);
        return changes.create(credentials, credential);
    }

    /** Changes a credential; a secret left out or blank keeps the stored one. */
    public SnmpCredentialView update(long id, SnmpCredentialDraft input) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        SnmpCredential credential = changes.find(credentials, id);
        SnmpCredentialDraft draft = checked(input, credential);
        requireUniqueName(draft.name(), id);
        return changes.update(credentials, credential, draft.version(), c -> {
            c.rename(draft.name());
            apply(c, draft);
        });
    }

    /** Deletes a credential no live device uses; retired devices let go of it. */
    public void delete(long id) {
        permissions.require(session, Permissions.DEVICES_EDIT);
        SnmpCredential credential = changes.find(credentials, id);
        long devices = liveDevicesUsing(id);
        if (devices > 0) {
            throw new ConflictException(null, "SNMP credential '" + credential.getName() + "' is used by " + devices
                    + " devices; give them another credential first");
        }
        // Retired devices keep their history, not their credential: nobody polls them any more.
        em.createQuery("update Device d set d.snmpCredential = null where d.snmpCredential.id = :id")
                .setParameter("id", id).executeUpdate();
        changes.delete(credentials, credential);
    }

    /** Credential ids by lower-cased name, for resolving the names in a CSV import. */
    public Map<String, Long> idsByName() {
        Map<String, Long> ids = new LinkedHashMap<>();
        for (Object[] row : em.createQuery("select lower(c.name), c.id from SnmpCredential c", Object[].class).getResultList()) {
            ids.put((String) row[0], (Long) row[1]);
        }
        return ids;
    }

    /**
     * The credentials with {@code ids}, decrypted, for the SNMP collector, in one query. The
     * caller owns the secrets and wipes them ({@link SnmpCredentials#wipe()}) after the poll. An id
     * that does not exist, or whose secrets cannot be decrypted, is missing from the map (and the
     * latter logged), so one broken credential does not stop the polling of the others.
     *
     * <p>Open to any local caller: the collector runs on a timer, without a caller to check. No
     * adapter (REST, console) calls this.
     */
    @PermitAll
    public Map<Long, SnmpCredentials> decrypted(Set<Long> ids) {
        Map<Long, SnmpCredentials> out = new HashMap<>();
        if (ids == null || ids.isEmpty()) {
            return out;
        }
        for (SnmpCredential c : em.createQuery("select c from SnmpCredential c where c.id in :ids", SnmpCredential.class)
                .setParameter("ids", ids).getResultList()) {
            try {
                out.put(c.getId(), decrypt(c));
            } catch (RuntimeException e) {
                // The message names the credential and the cause, never a secret.
                LOG.warning("SNMP credential " + c.getId() + " ('" + c.getName() + "') is not usable: " + e.getMessage());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------- internals

    private SnmpCredentials decrypt(SnmpCredential c) {
        if (SnmpCredentialDraft.V2C.equals(c.getSnmpVersion())) {
            return new SnmpCredentials.Community(secrets.openChars(c.sealedCommunity()));
        }
        char[] auth = c.sealedAuthPassphrase() == null ? null : secrets.openChars(c.sealedAuthPassphrase());
        char[] priv = null;
        try {
            priv = c.sealedPrivPassphrase() == null ? null : secrets.openChars(c.sealedPrivPassphrase());
            return new SnmpCredentials.Usm(c.getUsername(), level(c.getSecurityLevel()),
                    c.getAuthProtocol() == null ? null : SnmpCredentials.AuthProtocol.valueOf(c.getAuthProtocol()), auth,
                    c.getPrivProtocol() == null ? null : SnmpCredentials.PrivProtocol.valueOf(c.getPrivProtocol()), priv);
        } catch (RuntimeException e) {
            wipe(auth);
            wipe(priv);
            throw e;
        }
    }

    private static SnmpCredentials.SecurityLevel level(String level) {
        return switch (level) {
            case SnmpCredentialDraft.NO_AUTH_NO_PRIV -> SnmpCredentials.SecurityLevel.NO_AUTH_NO_PRIV;
            case SnmpCredentialDraft.AUTH_NO_PRIV -> SnmpCredentials.SecurityLevel.AUTH_NO_PRIV;
            case SnmpCredentialDraft.AUTH_PRIV -> SnmpCredentials.SecurityLevel.AUTH_PRIV;
            default -> throw new IllegalStateException("unknown security level '" + level + "'");
        };
    }

    /** The normalized draft, or every broken rule at once: its own fields and those across fields. */
    private SnmpCredentialDraft checked(SnmpCredentialDraft input, SnmpCredential stored) {
        if (input == null) {
            throw new InvalidInputException("body", "a request body is required");
        }
        SnmpCredentialDraft draft = input.normalized();
        List<InvalidInputException.FieldError> errors = new ArrayList<>(validation.errorsOf(draft));
        boolean sameVersion = stored != null && stored.getSnmpVersion().equals(draft.snmpVersion());
        errors.addAll(draft.crossFieldErrors(sameVersion && stored.sealedCommunity() != null,
                sameVersion && stored.sealedAuthPassphrase() != null, sameVersion && stored.sealedPrivPassphrase() != null));
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return draft;
    }

    /** Puts the draft's settings on the credential, sealing new secrets and keeping stored ones. */
    private void apply(SnmpCredential c, SnmpCredentialDraft d) {
        if (SnmpCredentialDraft.V2C.equals(d.snmpVersion())) {
            c.useCommunity(d.community() == null ? c.sealedCommunity() : seal(d.community()));
            return;
        }
        boolean auth = !SnmpCredentialDraft.NO_AUTH_NO_PRIV.equals(d.securityLevel());
        boolean priv = SnmpCredentialDraft.AUTH_PRIV.equals(d.securityLevel());
        byte[] sealedAuth = !auth ? null : d.authPassphrase() == null ? c.sealedAuthPassphrase() : seal(d.authPassphrase());
        byte[] sealedPriv = !priv ? null : d.privPassphrase() == null ? c.sealedPrivPassphrase() : seal(d.privPassphrase());
        c.useUsm(d.username(), d.securityLevel(), auth ? d.authProtocol() : null, sealedAuth,
                priv ? d.privProtocol() : null, sealedPriv);
    }

    private byte[] seal(String secret) {
        char[] chars = secret.toCharArray();
        try {
            return secrets.seal(chars);
        } finally {
            wipe(chars);
        }
    }

    private static void wipe(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }

    private SnmpCredentialView view(SnmpCredential c) {
        return SnmpCredentialView.of(c, liveDevicesUsing(c.getId()));
    }

    private long liveDevicesUsing(long id) {
        return em.createQuery("select count(d) from Device d where d.snmpCredential.id = :id and d.deletedAt is null", Long.class)
                .setParameter("id", id).getSingleResult();
    }

    private void requireUniqueName(String name, Long self) {
        List<SnmpCredential> clash = em.createQuery("select c from SnmpCredential c where lower(c.name) = :name"
                        + " and (:self is null or c.id <> :self)", SnmpCredential.class)
                .setParameter("name", name.toLowerCase(Locale.ROOT)).setParameter("self", self).getResultList();
        if (!clash.isEmpty()) {
            throw new ConflictException("name", "an SNMP credential with this name already exists (id " + clash.get(0).getId() + ")");
        }
    }
}
