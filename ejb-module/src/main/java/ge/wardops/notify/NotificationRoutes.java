package ge.wardops.notify;

import ge.wardops.alerting.AlertRuleService;
import ge.wardops.audit.AuditedChanges;
import ge.wardops.inventory.Region;
import ge.wardops.security.Permissions;
import ge.wardops.security.Roles;
import ge.wardops.shared.ConflictException;
import ge.wardops.shared.DraftValidation;
import ge.wardops.shared.InvalidInputException;
import jakarta.annotation.Resource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Notification routes' use cases, for admins and operators; every change audited. */
@Stateless
@RolesAllowed({Roles.ADMIN, Roles.OPERATOR})
public class NotificationRoutes {

    static final AuditedChanges.Kind<NotificationRoute, RouteView> ROUTES = AuditedChanges.Kind
            .of(NotificationRoute.class, "notification route", "notification_route", NotificationRoute::getId, RouteView::of)
            .inRegion(NotificationRoute::getRegionId);

    @Inject
    Permissions permissions;

    @Resource
    SessionContext session;

    @PersistenceContext(unitName = "wardops")
    EntityManager em;

    @Inject
    DraftValidation validation;

    @Inject
    AuditedChanges changes;

    @EJB
    AlertRuleService rules;

    public List<RouteView> list() {
        return em.createQuery("select r from NotificationRoute r order by lower(r.name)", NotificationRoute.class)
                .getResultList().stream().map(RouteView::of).toList();
    }

    public RouteView get(long id) {
        return RouteView.of(changes.find(ROUTES, id));
    }

    public RouteView create(RouteDraft input) {
        permissions.require(session, Permissions.RULES_EDIT);
        RouteDraft d = checked(input);
        requireUniqueName(d.name(), null);
        NotificationRoute r = new NotificationRoute(d.name());
        r.change(d);
        return changes.create(ROUTES, r);
    }

    public RouteView update(long id, RouteDraft input) {
        permissions.require(session, Permissions.RULES_EDIT);
        NotificationRoute route = changes.find(ROUTES, id);
        RouteDraft d = checked(input);
        requireUniqueName(d.name(), id);
        return changes.update(ROUTES, route, d.version(), r -> r.change(d));
    }

    public void delete(long id) {
        permissions.require(session, Permissions.RULES_EDIT);
        changes.delete(ROUTES, changes.find(ROUTES, id));
    }

    /** Every enabled route, for the notifier (a bank has tens of routes, not thousands: one small query). */
    @PermitAll
    public List<Route> enabledRoutes() {
        return em.createQuery("select r from NotificationRoute r where r.enabled order by r.id", NotificationRoute.class)
                .getResultList().stream().map(NotificationRoute::route).toList();
    }

    private RouteDraft checked(RouteDraft input) {
        if (input == null) {
            throw new InvalidInputException("body", "a request body is required");
        }
        RouteDraft d = input.normalized();
        List<InvalidInputException.FieldError> errors = new ArrayList<>(validation.errorsOf(d));
        if (d.ruleId() != null && !rules.exists(d.ruleId())) {
            errors.add(new InvalidInputException.FieldError("ruleId", "alert rule " + d.ruleId() + " does not exist"));
        }
        if (d.regionId() != null && em.find(Region.class, d.regionId()) == null) {
            errors.add(new InvalidInputException.FieldError("regionId", "region " + d.regionId() + " does not exist"));
        }
        if (d.channelId() != null && em.find(NotificationChannel.class, d.channelId()) == null) {
            errors.add(new InvalidInputException.FieldError("channelId", "notification channel " + d.channelId() + " does not exist"));
        }
        if ((d.escalateAfterMinutes() == null) != (d.escalationChannelId() == null)) {
            errors.add(new InvalidInputException.FieldError(d.escalateAfterMinutes() == null ? "escalateAfterMinutes" : "escalationChannelId",
                    "escalation needs both the minutes and the escalation channel (or neither)"));
        } else if (d.escalationChannelId() != null && em.find(NotificationChannel.class, d.escalationChannelId()) == null) {
            errors.add(new InvalidInputException.FieldError("escalationChannelId",
                    "notification channel " + d.escalationChannelId() + " does not exist"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return d;
    }

    private void requireUniqueName(String name, Long self) {
        List<NotificationRoute> clash = em.createQuery("select r from NotificationRoute r where lower(r.name) = :name"
                        + " and (:self is null or r.id <> :self)", NotificationRoute.class)
                .setParameter("name", name.toLowerCase(Locale.ROOT)).setParameter("self", self).getResultList();
        if (!clash.isEmpty()) {
            throw new ConflictException("name", "a notification route with this name already exists (id " + clash.get(0).getId() + ")");
        }
    }
}
