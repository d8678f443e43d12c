package ge.wardops.notify;

import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.security.Roles;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.Page;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import org.hibernate.query.NativeQuery;
import org.hibernate.type.StandardBasicTypes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The delivery log: every notice claimed, sent, failed or dropped. Claiming a row is what makes a
 * notice happen once: the unique index (alert, channel, kind) turns a second claim, from the
 * engine's event, the escalation scan or another node, into nothing. Reading it is for admins,
 * operators and auditors; the rest is the notifier's own (it runs without a caller).
 */
@Stateless
@PermitAll
public class DeliveryLog {

    /** A claimed escalation, ready to send: the delivery row, its channel and the alert as alerting has it now. */
    public record EscalationClaim(long deliveryId, ChannelAddress channel, AlertSnapshot alert) {
    }

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    /** Claims a notice of {@code kind} about {@code alertId} to {@code channel}; its id, or null when claimed before. */
    public Long claim(long alertId, Long routeId, ChannelAddress channel, NoticeKind kind) {
        @SuppressWarnings("unchecked")
        NativeQuery<Object> q = em.createNativeQuery("INSERT INTO notification_deliveries (alert_id, route_id, channel_id,"
                        + " channel_name, channel_kind, kind) VALUES (:alert, :route, :channel, :name, :channelKind, :kind)"
                        + " ON CONFLICT (alert_id, channel_id, kind) WHERE alert_id IS NOT NULL DO NOTHING RETURNING id")
                .unwrap(NativeQuery.class);
        q.setParameter("alert", alertId, StandardBasicTypes.LONG)
                .setParameter("route", routeId, StandardBasicTypes.LONG)
                .setParameter("channel", channel.id(), StandardBasicTypes.LONG)
                .setParameter("name", channel.name(), StandardBasicTypes.STRING)
                .setParameter("channelKind", channel.kind().name(), StandardBasicTypes.STRING)
                .setParameter("kind", kind.name(), StandardBasicTypes.STRING);
        List<Object> ids = q.getResultList();
        return ids.isEmpty() ? null : ((Number) ids.get(0)).longValue();
    }

    /** A row for a test message (about no alert, so never a duplicate). */
    public long claimTest(ChannelAddress channel) {
        Object id = em.createNativeQuery("INSERT INTO notification_deliveries (channel_id, channel_name, channel_kind, kind)"
                        + " VALUES (?1, ?2, ?3, 'TEST') RETURNING id")
                .setParameter(1, channel.id()).setParameter(2, channel.name()).setParameter(3, channel.kind().name())
                .getSingleResult();
        return ((Number) id).longValue();
    }

    public void finish(long deliveryId, DeliveryStatus status, int attempts, String error) {
        @SuppressWarnings("unchecked")
        NativeQuery<Object> q = em.createNativeQuery("UPDATE notification_deliveries SET status = :status,"
                + " attempts = :attempts, last_error = :error, finished_at = now() WHERE id = :id").unwrap(NativeQuery.class);
        q.setParameter("status", status.name(), StandardBasicTypes.STRING)
                .setParameter("attempts", attempts, StandardBasicTypes.INTEGER)
                .setParameter("error", error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error,
                        StandardBasicTypes.STRING)
                .setParameter("id", deliveryId, StandardBasicTypes.LONG);
        if (q.executeUpdate() == 0) {
            // Only a claim not (yet) committed gets here: the row is invisible, the outcome would be lost.
            throw new IllegalStateException("delivery " + deliveryId + " is not in the log (its claim not committed?)");
        }
    }

    /** The channels that were told about an alert (firing, flapping, escalated): who gets its resolve notice. */
    public Set<Long> channelsToldAbout(long alertId) {
        List<Long> ids = em.createQuery("select distinct d.channelId from NotificationDelivery d where d.alertId = :alert"
                        + " and d.channelId is not null and d.kind in :kinds and d.status <> :dropped", Long.class)
                .setParameter("alert", alertId)
                .setParameter("kinds", List.of(NoticeKind.FIRING, NoticeKind.FLAPPING, NoticeKind.ESCALATED))
                .setParameter("dropped", DeliveryStatus.DROPPED)
                .getResultList();
        return new HashSet<>(ids);
    }

    /**
     * The alerts among {@code alertIds} that were notified when they fired (a FIRING delivery not
     * dropped): only those escalate, so an alert that fired in maintenance, or under a parent's
     * alert, never does.
     */
    public Set<Long> notifiedWhenFiring(Collection<Long> alertIds) {
        Set<Long> out = new HashSet<>();
        List<Long> ids = List.copyOf(alertIds);
        for (int from = 0; from < ids.size(); from += 1000) {
            out.addAll(em.createQuery("select distinct d.alertId from NotificationDelivery d where d.alertId in :ids"
                            + " and d.kind = :firing and d.status <> :dropped", Long.class)
                    .setParameter("ids", ids.subList(from, Math.min(ids.size(), from + 1000)))
                    .setParameter("firing", NoticeKind.FIRING)
                    .setParameter("dropped", DeliveryStatus.DROPPED)
                    .getResultList());
        }
        return out;
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.AUDITOR})
    public Page<DeliveryView> list(Long alertId, Long channelId, String kind, String status, Instant from, Instant to,
                                   int offset, int limit) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        NoticeKind k = parse(NoticeKind.class, "kind", kind, errors);
        DeliveryStatus s = parse(DeliveryStatus.class, "status", status, errors);
        if (offset < 0) {
            errors.add(new InvalidInputException.FieldError("offset", "offset is 0 or more"));
        }
        if (limit < 1 || limit > 1000) {
            errors.add(new InvalidInputException.FieldError("limit", "limit is 1 to 1000"));
        }
        if (from != null && to != null && from.isAfter(to)) {
            errors.add(new InvalidInputException.FieldError("from", "from is after to"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        StringBuilder where = new StringBuilder(" where 1 = 1");
        Map<String, Object> params = new LinkedHashMap<>();
        condition(where, params, "alertId", "d.alertId = :alertId", alertId);
        condition(where, params, "channelId", "d.channelId = :channelId", channelId);
        condition(where, params, "kind", "d.kind = :kind", k);
        condition(where, params, "status", "d.status = :status", s);
        condition(where, params, "from", "d.createdAt >= :from", from);
        condition(where, params, "to", "d.createdAt < :to", to);
        TypedQuery<Long> count = em.createQuery("select count(d) from NotificationDelivery d" + where, Long.class);
        TypedQuery<NotificationDelivery> page = em.createQuery("select d from NotificationDelivery d" + where
                + " order by d.createdAt desc, d.id desc", NotificationDelivery.class);
        params.forEach((name, value) -> {
            count.setParameter(name, value);
            page.setParameter(name, value);
        });
        List<DeliveryView> items = page.setFirstResult(offset).setMaxResults(limit).getResultList().stream()
                .map(NotificationDelivery::view).toList();
        return new Page<>(items, count.getSingleResult(), offset, limit);
    }

    private static void condition(StringBuilder where, Map<String, Object> params, String name, String clause, Object value) {
        if (value != null) {
            where.append(" and ").append(clause);
            params.put(name, value);
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value,
                                               List<InvalidInputException.FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new InvalidInputException.FieldError(field, "'" + value + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants())));
            return null;
        }
    }
}
