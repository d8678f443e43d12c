package ge.wardops.notify;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.audit.AuditedChanges;
import ge.wardops.security.Roles;
import ge.wardops.security.SecretBox;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.DraftValidation;
import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.mail.internet.AddressException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Notification channels' use cases: admins create, change, delete and test them; operators read
 * them. A webhook's secret is sealed before it reaches the entity and is never part of a view or
 * an audit row; {@link #addresses} is the one way back to clear text, for sending.
 */
@Stateless
@RolesAllowed(Roles.ADMIN)
public class NotificationChannels {

    private static final Logger LOG = Logger.getLogger(NotificationChannels.class.getName());
    static final AuditedChanges.Kind<NotificationChannel, ChannelView> CHANNELS = AuditedChanges.Kind
            .of(NotificationChannel.class, "notification channel", "notification_channel", NotificationChannel::getId, ChannelView::of);

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    SecretBox secrets;

    @Inject
    DraftValidation validation;

    @EJB
    AuditLog audit;

    @Inject
    AuditedChanges changes;

    @EJB
    DeliveryLog log;

    @Inject
    Notifications notifications;

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public List<ChannelView> list() {
        return em.createQuery("select c from NotificationChannel c order by lower(c.name)", NotificationChannel.class)
                .getResultList().stream().map(ChannelView::of).toList();
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
    public ChannelView get(long id) {
        return ChannelView.of(changes.find(CHANNELS, id));
    }

    public ChannelView create(ChannelDraft input) {
        ChannelDraft d = checked(input, null);
        requireUniqueName(d.name(), null);
        NotificationChannel c = new NotificationChannel(d.name(), ChannelKind.valueOf(d.kind()));
        c.change(d.name(), ChannelKind.valueOf(d.kind()), d.target(), seal(d.secret()), d.enabled() == null || d.enabled());
        return changes.create(CHANNELS, c);
    }

    /** Changes a channel; a webhook secret left out keeps the stored one. */
    public ChannelView update(long id, ChannelDraft input) {
        NotificationChannel channel = changes.find(CHANNELS, id);
        ChannelDraft d = checked(input, channel);
        requireUniqueName(d.name(), id);
        ChannelKind kind = ChannelKind.valueOf(d.kind());
        return changes.update(CHANNELS, channel, d.version(), c -> {
            byte[] secret = kind == ChannelKind.EMAIL ? null : d.secret() == null ? c.sealedSecret() : seal(d.secret());
            c.change(d.name(), kind, d.target(), secret, d.enabled() == null ? c.isEnabled() : d.enabled());
        }, d.secret() == null ? null : "secret changed");
    }

    /** Deletes a channel no route uses; its delivery history stays, naming it. */
    public void delete(long id) {
        NotificationChannel c = changes.find(CHANNELS, id);
        long routes = em.createQuery("select count(r) from NotificationRoute r where r.channelId = :id"
                + " or r.escalationChannelId = :id", Long.class).setParameter("id", id).getSingleResult();
        if (routes > 0) {
            throw new ConflictException(null, "channel '" + c.getName() + "' is used by " + routes
                    + " route(s); change or delete them first");
        }
        changes.delete(CHANNELS, c);
    }

    /**
     * Sends a test message now and says how it went (also in the delivery log). It waits for the
     * answer, retries included: the admin wants to know whether the channel works.
     */
    public DeliveryView test(long id) {
        NotificationChannel c = changes.find(CHANNELS, id);
        ChannelAddress address = address(c);
        long deliveryId = log.claimTest(address);
        DeliveryOutcome outcome = notifications.sendTest(new Delivery(deliveryId, address, notifications.testNotice()));
        log.finish(deliveryId, outcome.status(), outcome.attempts(), outcome.error());
        audit.record(AuditEntry.of(AuditAction.TEST, CHANNELS.auditType(), id).withDetails("test message " + outcome.status()
                + (outcome.error() == null ? "" : ": " + outcome.error())));
        return refreshed(deliveryId);
    }

    /** The enabled channels among {@code ids}, ready to send (secrets decrypted); unusable ones are logged and left out. */
    @PermitAll
    public Map<Long, ChannelAddress> addresses(Set<Long> ids) {
        Map<Long, ChannelAddress> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (NotificationChannel c : em.createQuery("select c from NotificationChannel c where c.id in :ids and c.enabled",
                NotificationChannel.class).setParameter("ids", ids).getResultList()) {
            try {
                out.put(c.getId(), address(c));
            } catch (RuntimeException e) {
                LOG.warning("Notification channel " + c.getId() + " ('" + c.getName() + "') is not usable: " + e.getMessage());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------- internals

    /** The row as the database has it now (the native update bypassed this persistence context). */
    private DeliveryView refreshed(long deliveryId) {
        NotificationDelivery d = em.find(NotificationDelivery.class, deliveryId);
        em.refresh(d);
        return d.view();
    }

    private ChannelAddress address(NotificationChannel c) {
        return new ChannelAddress(c.getId(), c.getName(), c.getKind(), c.getTarget(),
                c.sealedSecret() == null ? null : secrets.open(c.sealedSecret()));
    }

    private ChannelDraft checked(ChannelDraft input, NotificationChannel stored) {
        if (input == null) {
            throw new InvalidInputException("body", "a request body is required");
        }
        ChannelDraft d = input.normalized();
        List<InvalidInputException.FieldError> errors = new ArrayList<>(validation.errorsOf(d));
        if (errors.isEmpty()) {
            if ("EMAIL".equals(d.kind())) {
                try {
                    EmailSender.recipients(d.target());
                } catch (AddressException e) {
                    errors.add(new InvalidInputException.FieldError("target", "not a list of email addresses: " + e.getMessage()));
                }
                if (d.secret() != null) {
                    errors.add(new InvalidInputException.FieldError("secret", "an EMAIL channel has no secret; leave this empty"));
                }
            } else {
                String problem = webhookUrlProblem(d.target());
                if (problem == null) {
                    problem = notifications.webhookDestinations().problem(d.target());
                }
                if (problem != null) {
                    errors.add(new InvalidInputException.FieldError("target", problem));
                }
                boolean secretStored = stored != null && stored.sealedSecret() != null;
                if (d.secret() == null && !secretStored) {
                    errors.add(new InvalidInputException.FieldError("secret",
                            "a WEBHOOK channel needs a shared secret (16 characters or more) to sign its messages"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return d;
    }

    static String webhookUrlProblem(String target) {
        try {
            URI uri = new URI(target);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                return "a webhook URL starts with http:// or https://";
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                return "a webhook URL names a host";
            }
            if (uri.getUserInfo() != null) {
                return "put no user or password in the URL; messages are signed with the secret instead";
            }
            return null;
        } catch (URISyntaxException e) {
            return "not a URL: " + e.getMessage();
        }
    }

    private byte[] seal(String secret) {
        if (secret == null) {
            return null;
        }
        byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
        try {
            return secrets.seal(plain);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private void requireUniqueName(String name, Long self) {
        List<NotificationChannel> clash = em.createQuery("select c from NotificationChannel c where lower(c.name) = :name"
                        + " and (:self is null or c.id <> :self)", NotificationChannel.class)
                .setParameter("name", name.toLowerCase(Locale.ROOT)).setParameter("self", self).getResultList();
        if (!clash.isEmpty()) {
            throw new ConflictException("name", "a notification channel with this name already exists (id "
                    + clash.get(0).getId() + ")");
        }
    }
}
