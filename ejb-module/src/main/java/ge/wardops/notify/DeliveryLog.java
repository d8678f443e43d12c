package ge.wardops.notify;

import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.AlertState;
import ge.wardops.alerting.Severity;
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

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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

    /** A claimed escalation, ready to send: the delivery row, its channel and the alert as stored now. */
    public record EscalationClaim(long deliveryId, ChannelAddress channel, byte[] sealedSecret, AlertSnapshot alert) {
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
                .setParameter("id", deliveryId, StandardBasicTypes.LONG)
                .executeUpdate();
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
     * The escalation scan, one statement: finds open, unacknowledged, unsuppressed alerts older
     * than a route's escalation time that were notified when they fired (so an alert that fired in
     * maintenance, or under a parent's alert, never escalates), claims an ESCALATED delivery to the
     * route's escalation channel for each one not claimed yet, and returns the claims with the
     * alert's names and the channel's settings.
     */
    public List<EscalationClaim> claimDueEscalations() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                WITH due AS (
                    SELECT DISTINCT ON (a.id, r.escalation_channel_id)
                           a.id AS alert_id, r.id AS route_id, c.id AS channel_id, c.name AS channel_name, c.kind AS channel_kind
                    FROM alerts a
                    JOIN notification_routes r ON r.enabled AND r.escalation_channel_id IS NOT NULL
                         AND a.triggered_at <= now() - make_interval(mins => r.escalate_after_minutes)
                         AND (r.rule_id IS NULL OR r.rule_id = a.rule_id)
                         AND array_position(ARRAY['INFO','WARNING','MAJOR','CRITICAL']::varchar[], a.severity::varchar)
                             >= array_position(ARRAY['INFO','WARNING','MAJOR','CRITICAL']::varchar[], r.min_severity::varchar)
                    JOIN notification_channels c ON c.id = r.escalation_channel_id AND c.enabled
                    LEFT JOIN devices dv ON dv.id = a.device_id
                    LEFT JOIN branches br ON br.id = coalesce(a.branch_id, dv.branch_id)
                    WHERE a.resolved_at IS NULL AND a.acknowledged_at IS NULL AND a.parent_alert_id IS NULL
                      AND (r.region_id IS NULL OR r.region_id = br.region_id)
                      AND EXISTS (SELECT 1 FROM notification_deliveries f
                                  WHERE f.alert_id = a.id AND f.kind = 'FIRING' AND f.status <> 'DROPPED')
                    ORDER BY a.id, r.escalation_channel_id, r.id
                ), claimed AS (
                    INSERT INTO notification_deliveries (alert_id, route_id, channel_id, channel_name, channel_kind, kind)
                    SELECT alert_id, route_id, channel_id, channel_name, channel_kind, 'ESCALATED' FROM due
                    ON CONFLICT (alert_id, channel_id, kind) WHERE alert_id IS NOT NULL DO NOTHING
                    RETURNING id, alert_id, channel_id
                )
                SELECT cl.id, c.id, c.name, c.kind, c.target, c.secret_enc,
                       a.id, a.rule_id, ru.name, a.subject_key, coalesce(dv.name, br.name, a.subject_key), a.device_id,
                       br.id, br.name, rg.id, rg.name, a.severity, a.state, a.message, a.triggered_at
                FROM claimed cl
                JOIN notification_channels c ON c.id = cl.channel_id
                JOIN alerts a ON a.id = cl.alert_id
                LEFT JOIN alert_rules ru ON ru.id = a.rule_id
                LEFT JOIN devices dv ON dv.id = a.device_id
                LEFT JOIN branches br ON br.id = coalesce(a.branch_id, dv.branch_id)
                LEFT JOIN regions rg ON rg.id = br.region_id
                ORDER BY cl.id
                """).getResultList();
        List<EscalationClaim> claims = new ArrayList<>();
        for (Object[] r : rows) {
            ChannelAddress channel = new ChannelAddress(num(r[1]), (String) r[2], ChannelKind.valueOf((String) r[3]),
                    (String) r[4], null);
            AlertSnapshot alert = new AlertSnapshot(num(r[6]), numOrNull(r[7]), (String) r[8], (String) r[9], (String) r[10],
                    numOrNull(r[11]), numOrNull(r[12]), (String) r[13], numOrNull(r[14]), (String) r[15], Severity.valueOf((String) r[16]),
                    AlertState.valueOf((String) r[17]), (String) r[18], instant(r[19]), null, null, null, false, null, false, false);
            claims.add(new EscalationClaim(num(r[0]), channel, (byte[]) r[5], alert));
        }
        return claims;
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

    private static long num(Object o) {
        return ((Number) o).longValue();
    }

    private static Long numOrNull(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }

    private static Instant instant(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Instant i) {
            return i;
        }
        if (o instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected time value " + o.getClass());
    }
}
