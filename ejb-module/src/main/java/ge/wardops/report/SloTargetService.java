package ge.wardops.report;

import ge.wardops.audit.AuditEntry;
import ge.wardops.audit.AuditLog;
import ge.wardops.security.CallerScope;
import ge.wardops.security.Permissions;
import ge.wardops.security.RegionScope;
import ge.wardops.security.Roles;
import ge.wardops.shared.InvalidInputException;
import ge.wardops.shared.UnknownEntityException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SLO targets per region and branch (report_slo_targets, V17): everyone who may generate reports
 * reads those of their regions; setting or removing one needs rules.edit and is audited with the
 * target before and after. Reports read all of them through {@link #targets()}.
 */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR, Roles.REGIONAL_MANAGER, Roles.AUDITOR, Roles.VIEWER})
public class SloTargetService {

    /** Scope name, id and region of a REGION or BRANCH, so that one query checks it exists and scopes it. */
    private static final String SCOPE_OF = "SELECT name, id FROM regions WHERE ? = 'REGION' AND id = ? "
            + "UNION ALL SELECT name, region_id FROM branches WHERE ? = 'BRANCH' AND id = ?";

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    Permissions permissions;

    @EJB
    CallerScope caller;

    @EJB
    AuditLog audit;

    @Inject
    ReportSettings settings;

    @Resource
    SessionContext session;

    /** The targets of the caller's regions and their branches, regions first. */
    public List<SloTargetView> list() {
        RegionScope scope = caller.regions();
        List<TargetRow> rows = rows("SELECT t.scope_type, t.scope_id, coalesce(r.name, b.name), t.target_percent, t.updated_by, t.updated_at, "
                + "coalesce(r.id, b.region_id) FROM report_slo_targets t LEFT JOIN regions r ON t.scope_type = 'REGION' AND r.id = t.scope_id "
                + "LEFT JOIN branches b ON t.scope_type = 'BRANCH' AND b.id = t.scope_id ORDER BY t.scope_type DESC, 3");
        List<SloTargetView> out = new ArrayList<>();
        for (TargetRow r : rows) {
            if (scope.allows(r.regionId())) {
                out.add(r.view());
            }
        }
        return out;
    }

    /** Sets a region's or branch's target (0 < percent <= 100); audited. */
    public SloTargetView set(String scopeType, long scopeId, Double percent) {
        permissions.require(session, Permissions.RULES_EDIT);
        String type = type(scopeType);
        if (percent == null || !(percent > 0) || percent > 100) {
            throw new InvalidInputException("targetPercent", "a percentage above 0 and at most 100, e.g. 99.5");
        }
        Scope target = scopeOf(type, scopeId);
        Optional<SloTargetView> before = find(type, scopeId);
        String by = session.getCallerPrincipal().getName();
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO report_slo_targets (scope_type, scope_id, target_percent, updated_by) "
                    + "VALUES (?, ?, ?, ?) ON CONFLICT (scope_type, scope_id) DO UPDATE SET target_percent = EXCLUDED.target_percent, "
                    + "updated_by = EXCLUDED.updated_by, updated_at = now()")) {
                s.setString(1, type);
                s.setLong(2, scopeId);
                s.setBigDecimal(3, java.math.BigDecimal.valueOf(percent));
                s.setString(4, by);
                s.executeUpdate();
            }
        });
        SloTargetView after = find(type, scopeId).orElseThrow();
        audit.record((before.isPresent() ? AuditEntry.updated("slo_target", type + ":" + scopeId, before.get(), after)
                : AuditEntry.created("slo_target", type + ":" + scopeId, after)).inRegion(target.regionId())
                .withDetails("SLO target of " + type.toLowerCase(Locale.ROOT) + " " + target.name() + ": " + percent + " %"));
        return after;
    }

    /** Removes a region's or branch's own target (the default or the region's applies again); audited. */
    public void remove(String scopeType, long scopeId) {
        permissions.require(session, Permissions.RULES_EDIT);
        String type = type(scopeType);
        Scope target = scopeOf(type, scopeId);
        SloTargetView before = find(type, scopeId).orElseThrow(() -> new UnknownEntityException("SLO target", type + ":" + scopeId));
        em.unwrap(Session.class).doWork(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM report_slo_targets WHERE scope_type = ? AND scope_id = ?")) {
                s.setString(1, type);
                s.setLong(2, scopeId);
                s.executeUpdate();
            }
        });
        audit.record(AuditEntry.deleted("slo_target", type + ":" + scopeId, before).inRegion(target.regionId())
                .withDetails("SLO target of " + type.toLowerCase(Locale.ROOT) + " " + target.name() + " removed"));
    }

    /** Every target with the default, for a report's computation (which scopes what it shows). */
    @jakarta.annotation.security.PermitAll
    public SloTargets targets() {
        Map<Long, Double> regions = new HashMap<>();
        Map<Long, Double> branches = new HashMap<>();
        for (TargetRow r : rows("SELECT scope_type, scope_id, NULL, target_percent, updated_by, updated_at, NULL FROM report_slo_targets")) {
            SloTargetView v = r.view();
            (v.scopeType().equals("REGION") ? regions : branches).put(v.scopeId(), v.targetPercent());
        }
        return new SloTargets(settings.defaultSloPercent(), Map.copyOf(regions), Map.copyOf(branches));
    }

    private Optional<SloTargetView> find(String type, long id) {
        return rows("SELECT t.scope_type, t.scope_id, coalesce(r.name, b.name), t.target_percent, t.updated_by, t.updated_at, NULL "
                + "FROM report_slo_targets t LEFT JOIN regions r ON t.scope_type = 'REGION' AND r.id = t.scope_id "
                + "LEFT JOIN branches b ON t.scope_type = 'BRANCH' AND b.id = t.scope_id WHERE t.scope_type = ? AND t.scope_id = ?", type, id)
                .stream().map(TargetRow::view).findFirst();
    }

    /** The scope's name and region; 404 when it does not exist, 403 outside the caller's regions. */
    private record Scope(String name, long regionId) {
    }

    private Scope scopeOf(String type, long id) {
        Scope found = em.unwrap(Session.class).doReturningWork(c -> {
            try (PreparedStatement s = c.prepareStatement(SCOPE_OF)) {
                s.setString(1, type);
                s.setLong(2, id);
                s.setString(3, type);
                s.setLong(4, id);
                try (ResultSet rs = s.executeQuery()) {
                    return rs.next() ? new Scope(rs.getString(1), rs.getLong(2)) : null;
                }
            }
        });
        if (found == null || !caller.regions().allows(found.regionId())) {
            throw new UnknownEntityException(type.toLowerCase(Locale.ROOT), id);
        }
        return found;
    }

    private static String type(String scopeType) {
        String t = scopeType == null ? "" : scopeType.strip().toUpperCase(Locale.ROOT);
        if (!t.equals("REGION") && !t.equals("BRANCH")) {
            throw new InvalidInputException("scopeType", "REGION or BRANCH, was '" + scopeType + "'");
        }
        return t;
    }

    /** A target with the region it belongs to (its own, or its branch's), for scoping. */
    private record TargetRow(SloTargetView view, Long regionId) {
    }

    /** Rows of the 7 columns above: type, id, name, percent, by, at, region. */
    private List<TargetRow> rows(String sql, Object... params) {
        return em.unwrap(Session.class).doReturningWork(c -> {
            List<TargetRow> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    s.setObject(i + 1, params[i]);
                }
                ResultSet rs = s.executeQuery();
                while (rs.next()) {
                    long region = rs.getLong(7);
                    Long regionId = rs.wasNull() ? null : region;
                    java.sql.Timestamp at = rs.getTimestamp(6);
                    SloTargetView v = new SloTargetView(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4).doubleValue(),
                            rs.getString(5), at == null ? null : at.toInstant());
                    out.add(new TargetRow(v, regionId));
                }
            }
            return out;
        });
    }
}
