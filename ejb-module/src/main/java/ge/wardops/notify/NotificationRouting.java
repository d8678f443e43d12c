package ge.wardops.notify;

import ge.wardops.alerting.AlertTransition;
import jakarta.annotation.security.PermitAll;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.HashSet;
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

    @Inject
    NotificationRoutes routes;

    @Inject
    NotificationChannels channels;

    @Inject
    DeliveryLog log;

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

    /** The escalation scan: claims every due escalation (one statement) and returns them ready to send. */
    public List<Delivery> dueEscalations(Function<DeliveryLog.EscalationClaim, Notice> notice) {
        List<Delivery> out = new ArrayList<>();
        for (DeliveryLog.EscalationClaim claim : log.claimDueEscalations()) {
            out.add(new Delivery(claim.deliveryId(), channels.withSecret(claim.channel(), claim.sealedSecret()), notice.apply(claim)));
        }
        return out;
    }
}
