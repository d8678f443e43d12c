package ge.wardops.notify;

import ge.wardops.alerting.AlertSnapshot;
import ge.wardops.alerting.AlertTransition;
import ge.wardops.alerting.AlertingLookups;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns an alert transition into claimed deliveries, in one transaction: the enabled routes (one
 * query), the channels told before (resolve notices only), the channels' addresses (one query),
 * and a claim per notice. Runs on the notifier's worker, never on the engine's thread.
 */
@Stateless
@PermitAll
public class NotificationRouting {

    @EJB
    NotificationRoutes routes;

    @EJB
    NotificationChannels channels;

    @EJB
    DeliveryLog log;

    @Inject
    AlertingLookups alerting;

    /** The deliveries to send for {@code t}; notices claimed before (by anyone) are not among them. */
    public List<Delivery> plan(AlertTransition t, Function<NoticeKind, Notice> notice) {
        Set<Long> told = t.kind() == AlertTransition.Kind.RESOLVED ? log.channelsToldAbout(t.alert().id()) : Set.of();
        List<RoutePlan.Target> targets = RoutePlan.targets(t, routes.enabledRoutes(), told);
        if (targets.isEmpty()) {
            return List.of();
        }
        Set<Long> ids = new HashSet<>();
        targets.forEach(target -> ids.add(target.channelId()));
        Map<Long, ChannelAddress> addresses = channels.addresses(ids);
        List<Delivery> deliveries = new ArrayList<>();
        for (RoutePlan.Target target : targets) {
            ChannelAddress address = addresses.get(target.channelId());
            if (address == null) {
                continue; // disabled, or its secret cannot be read (logged)
            }
            Long id = log.claim(t.alert().id(), target.routeId(), address, target.kind());
            if (id != null) {
                deliveries.add(new Delivery(id, address, notice.apply(target.kind())));
            }
        }
        return deliveries;
    }

    /**
     * The escalation scan: asks alerting for the open, unacknowledged, top-level alerts, matches the
     * routes' escalations in Java (as {@link #plan} matches FIRING notices), keeps the alerts that were
     * notified when they fired, and claims an ESCALATED delivery per alert and escalation channel. The
     * claim (the delivery log's unique index) makes a scan on another node, or the engine's event,
     * send nothing a second time.
     */
    public List<Delivery> dueEscalations(Function<DeliveryLog.EscalationClaim, Notice> notice) {
        List<Route> escalating = routes.enabledRoutes().stream()
                .filter(r -> r.escalationChannelId() != null && r.escalateAfterMinutes() != null).toList();
        if (escalating.isEmpty()) {
            return List.of();
        }
        Instant now = Instant.now();
        Map<AlertSnapshot, List<RoutePlan.Target>> due = new LinkedHashMap<>();
        for (AlertSnapshot a : alerting.openUnacknowledgedTopLevel()) {
            List<RoutePlan.Target> targets = RoutePlan.dueEscalations(a, escalating, now);
            if (!targets.isEmpty()) {
                due.put(a, targets);
            }
        }
        if (due.isEmpty()) {
            return List.of();
        }
        Set<Long> notified = log.notifiedWhenFiring(due.keySet().stream().map(AlertSnapshot::id).toList());
        Set<Long> ids = new HashSet<>();
        due.forEach((a, targets) -> {
            if (notified.contains(a.id())) {
                targets.forEach(target -> ids.add(target.channelId()));
            }
        });
        Map<Long, ChannelAddress> addresses = channels.addresses(ids);
        List<Delivery> out = new ArrayList<>();
        due.forEach((a, targets) -> {
            if (!notified.contains(a.id())) {
                return;
            }
            for (RoutePlan.Target target : targets) {
                ChannelAddress address = addresses.get(target.channelId());
                if (address == null) {
                    continue; // disabled, or its secret cannot be read (logged)
                }
                Long id = log.claim(a.id(), target.routeId(), address, NoticeKind.ESCALATED);
                if (id != null) {
                    out.add(new Delivery(id, address, notice.apply(new DeliveryLog.EscalationClaim(id, address, a))));
                }
            }
        });
        return out;
    }
}
