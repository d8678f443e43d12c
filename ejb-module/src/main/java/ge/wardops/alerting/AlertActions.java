package ge.wardops.alerting;

import ge.wardops.audit.AuditAction;
import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.security.CallerScope;
import ge.wardops.security.Permissions;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.Page;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads alerts within the caller's regions and applies operators' actions (acknowledge, comment,
 * resolve), each in one transaction with its history line and its audit row. {@link AlertService}
 * fronts it so that observers hear of an action only once it is committed.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class AlertActions {

    static final int MAX_TEXT = 2000;
    /** What the list filters by: a state, or OPEN for every alert not resolved. */
    private static final String OPEN = "OPEN";
    private static final List<String> STATES = Stream.concat(Stream.of(AlertState.values()).map(AlertState::name), Stream.of(OPEN))
            .toList();

    @Inject
    Permissions permissions;

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @EJB
    CallerScope caller;

    @EJB
    AuditLog audit;

    @Resource
    SessionContext session;

    public Page<AlertSnapshot> list(AlertFilter f) {
        List<InvalidInputException.FieldError> errors = new ArrayList<>();
        String state = f.state() == null ? null : f.state().toUpperCase(Locale.ROOT);
        if (state != null && !STATES.contains(state)) {
            errors.add(new InvalidInputException.FieldError("state", "one of " + STATES));
        }
        String severity = f.severity() == null ? null : f.severity().toUpperCase(Locale.ROOT);
        if (severity != null) {
            try {
                Severity.valueOf(severity);
            } catch (IllegalArgumentException e) {
                errors.add(new InvalidInputException.FieldError("severity", "one of " + List.of(Severity.values())));
            }
        }
        if (f.from() != null && f.to() != null && f.to().isBefore(f.from())) {
            errors.add(new InvalidInputException.FieldError("to", "must not be before from"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        StringBuilder where = new StringBuilder("WHERE true");
        List<Object> params = new ArrayList<>();
        RegionScope scope = caller.regions();
        if (!scope.unrestricted()) {
            where.append(" AND a.region_id = ANY(?)");
            params.add(scope.regionIds().toArray(Long[]::new));
        }
        if (OPEN.equals(state)) {
            where.append(" AND a.resolved_at IS NULL");
        } else if (state != null) {
            where.append(" AND a.state = ?");
            params.add(state);
        }
        filter(where, params, " AND a.severity = ?", severity);
        filter(where, params, " AND a.region_id = ?", f.regionId());
        filter(where, params, " AND a.branch_id = ?", f.branchId());
        filter(where, params, " AND a.device_id = ?", f.deviceId());
        filter(where, params, " AND a.triggered_at >= ?", f.from());
        filter(where, params, " AND a.triggered_at < ?", f.to());
        int limit = Math.max(1, Math.min(f.limit(), 500));
        int offset = Math.max(0, f.offset());
        long total = Jdbc.list(em, "SELECT count(*) FROM alerts a " + where, rs -> rs.getLong(1), params.toArray()).get(0);
        List<Object> paged = new ArrayList<>(params);
        paged.add(limit);
        paged.add(offset);
        List<AlertSnapshot> items = Jdbc.list(em, AlertRows.ALERT_SELECT + where + " ORDER BY a.triggered_at DESC, a.id DESC LIMIT ? OFFSET ?",
                AlertRows::alert, paged.toArray()).stream().map(a -> a.scopedTo(scope, this::regionOfAlert)).toList();
        return new Page<>(items, total, offset, limit);
    }

    private static void filter(StringBuilder where, List<Object> params, String clause, Object value) {
        if (value != null) {
            where.append(clause);
            params.add(value);
        }
    }

    public AlertDetail get(long id) {
        AlertSnapshot a = visible(id).scopedTo(caller.regions(), this::regionOfAlert);
        String[] extra = Jdbc.list(em, "SELECT ack_comment, resolved_by FROM alerts WHERE id = ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, id).get(0);
        List<AlertDetail.Comment> comments = Jdbc.list(em, "SELECT id, author, body, created_at FROM alert_comments WHERE alert_id = ? ORDER BY created_at, id",
                rs -> new AlertDetail.Comment(rs.getLong(1), rs.getString(2), rs.getString(3), AlertRows.instant(rs, 4)), id);
        List<AlertDetail.HistoryEntry> history = Jdbc.list(em, "SELECT kind, actor, comment, at FROM alert_events WHERE alert_id = ? ORDER BY at, id",
                rs -> new AlertDetail.HistoryEntry(rs.getString(1), rs.getString(2), rs.getString(3), AlertRows.instant(rs, 4)), id);
        Long duration = a.resolvedAt() == null ? null : Duration.between(a.triggeredAt(), a.resolvedAt()).toSeconds();
        return new AlertDetail(a, extra[0], extra[1], duration, comments, history);
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER})
    public AlertTransition acknowledge(long id, String comment) {
        permissions.require(session, Permissions.ALERTS_ACKNOWLEDGE);
        String text = text(comment, false);
        AlertSnapshot a = visibleForUpdate(id);
        if (a.state() != AlertState.FIRING) {
            throw new ConflictException("state", "only a FIRING alert can be acknowledged; this one is " + a.state());
        }
        Instant now = Instant.now();
        String who = who();
        Jdbc.update(em, "UPDATE alerts SET state = ?, acknowledged_at = ?, acknowledged_by = ?, ack_comment = ?, updated_at = ? WHERE id = ?",
                AlertState.ACKNOWLEDGED.name(), now, who, text, now, id);
        history(id, AlertTransition.Kind.ACKNOWLEDGED, who, text, now);
        AlertSnapshot after = reread(id);
        audit.record(AuditEntry.of(AuditAction.ACKNOWLEDGE, "alert", id).inRegion(a.regionId())
                .states(Map.of("state", a.state()), Map.of("state", after.state())).withDetails(text));
        return new AlertTransition(AlertTransition.Kind.ACKNOWLEDGED, after, who, text, now);
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER})
    public AlertTransition comment(long id, String comment) {
        permissions.require(session, Permissions.ALERTS_ACKNOWLEDGE);
        String text = text(comment, true);
        AlertSnapshot a = visibleForUpdate(id);
        Instant now = Instant.now();
        String who = who();
        Jdbc.update(em, "INSERT INTO alert_comments (alert_id, author, body, created_at) VALUES (?, ?, ?, ?)", id, who, text, now);
        history(id, AlertTransition.Kind.COMMENTED, who, text, now);
        audit.record(AuditEntry.of(AuditAction.COMMENT, "alert", id).inRegion(a.regionId()).withDetails(text));
        return new AlertTransition(AlertTransition.Kind.COMMENTED, a, who, text, now);
    }

    @RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER})
    public AlertTransition resolve(long id, String comment) {
        permissions.require(session, Permissions.ALERTS_ACKNOWLEDGE);
        String text = text(comment, false);
        AlertSnapshot a = visibleForUpdate(id);
        if (!a.open()) {
            throw new ConflictException("state", "the alert is already resolved");
        }
        Instant now = Instant.now();
        String who = who();
        Jdbc.update(em, "UPDATE alerts SET state = ?, resolved_at = ?, resolved_by = ?, updated_at = ? WHERE id = ?",
                AlertState.RESOLVED.name(), now, who, now, id);
        history(id, AlertTransition.Kind.RESOLVED, who, text, now);
        if (text != null) {
            Jdbc.update(em, "INSERT INTO alert_comments (alert_id, author, body, created_at) VALUES (?, ?, ?, ?)", id, who, text, now);
        }
        AlertSnapshot after = reread(id);
        audit.record(AuditEntry.of(AuditAction.RESOLVE, "alert", id).inRegion(a.regionId())
                .states(Map.of("state", a.state()), Map.of("state", after.state())).withDetails(text));
        return new AlertTransition(AlertTransition.Kind.RESOLVED, after, who, text, now);
    }

    private void history(long id, AlertTransition.Kind kind, String who, String text, Instant at) {
        Jdbc.with(em, c -> {
            AlertStore.appendEvents(c, List.of(new AlertStore.Event(id, kind, who, text, at)));
            return null;
        });
    }

    private static String text(String comment, boolean required) {
        String t = comment == null ? null : comment.strip();
        if (t == null || t.isEmpty()) {
            if (required) {
                throw new InvalidInputException("comment", "a comment needs text");
            }
            return null;
        }
        if (t.length() > MAX_TEXT) {
            throw new InvalidInputException("comment", "at most " + MAX_TEXT + " characters");
        }
        return t;
    }

    /** The alert if the caller's regions include it; system alerts only for callers who see every region. */
    private AlertSnapshot visible(long id) {
        List<AlertSnapshot> found = Jdbc.list(em, AlertRows.ALERT_SELECT + "WHERE a.id = ?", AlertRows::alert, id);
        RegionScope scope = caller.regions();
        if (found.isEmpty() || !(scope.unrestricted() || scope.allows(found.get(0).regionId()))) {
            throw new UnknownEntityException("alert", id);
        }
        return found.get(0);
    }

    private Long regionOfAlert(long id) {
        List<Long> found = Jdbc.list(em, "SELECT region_id FROM alerts WHERE id = ?", rs -> {
            long r = rs.getLong(1);
            return rs.wasNull() ? null : r;
        }, id);
        return found.isEmpty() ? null : found.get(0);
    }

    private AlertSnapshot visibleForUpdate(long id) {
        visible(id);
        Jdbc.list(em, "SELECT id FROM alerts WHERE id = ? FOR UPDATE", rs -> rs.getLong(1), id);
        return reread(id);
    }

    private AlertSnapshot reread(long id) {
        return Jdbc.list(em, AlertRows.ALERT_SELECT + "WHERE a.id = ?", AlertRows::alert, id).get(0);
    }

    private String who() {
        return session.getCallerPrincipal().getName();
    }
}
